"""SBI-CR receiver: what the MEO may send, and every refusal."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from aiohttp import web

from tests.helpers.auth import bearer, fetch_token
from tests.helpers.contract import assert_conforms
from tests.helpers.servers import TEST_CLIENT, TEST_SECRET, RunningOp, serve

BODY = {
    "appPkgName": "Demo App",
    "appPkgVersion": "1.0.0",
    "appProvider": "ACME",
    "appPkgPath": "http://127.0.0.1:9/app.zip",
    "checksum": {"algorithm": "SHA-256", "hash": "ab" * 32},
}


def variant(op: RunningOp, target: str, app_type: str) -> str:
    return f"{op.url}/sbi-cr/v1/op_target_systems/{target}/apptype/{app_type}/app_packages"


@pytest.fixture
async def meo(op: RunningOp, http: httpx.AsyncClient) -> dict[str, str]:
    """The MEO's bearer token at the OP (a client with scope ``sbi-cr``)."""
    return bearer(await fetch_token(http, op.url, TEST_CLIENT, TEST_SECRET, scope="sbi-cr"))


def problem(response: httpx.Response, status: int) -> dict[str, object]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, object] = response.json()
    return body


async def test_traditional_is_not_forwarded(
    op: RunningOp, http: httpx.AsyncClient, meo: dict[str, str]
) -> None:
    body = problem(
        await http.post(variant(op, "26201", "traditional"), json=BODY, headers=meo), 422
    )
    assert body["cause"] == "NOT_CROSS_NETWORK"


async def test_own_network_is_refused(
    op: RunningOp, http: httpx.AsyncClient, meo: dict[str, str]
) -> None:
    body = problem(
        await http.post(variant(op, "21401", "cross-network"), json=BODY, headers=meo), 422
    )
    assert "21401" in str(body["detail"])


async def test_unknown_target_names_the_network(
    op: RunningOp, http: httpx.AsyncClient, meo: dict[str, str]
) -> None:
    body = problem(
        await http.post(variant(op, "99999", "cross-network"), json=BODY, headers=meo), 404
    )
    assert body["cause"] == "NO_FEDERATION" and "99999" in str(body["detail"])
    operations = (await http.get(f"{op.url}/admin/operations")).json()
    assert operations[0]["state"] == "FAILED" and "99999" in operations[0]["detail"]


async def test_unknown_application_type(
    op: RunningOp, http: httpx.AsyncClient, meo: dict[str, str]
) -> None:
    body = problem(await http.post(variant(op, "26201", "other"), json=BODY, headers=meo), 400)
    assert any(p["param"] == "path.applicationType" for p in body["invalidParams"])  # type: ignore[union-attr]


@pytest.mark.parametrize("missing", ["appPkgName", "checksum", "appPkgPath"])
async def test_invalid_body_names_the_field(
    op: RunningOp, http: httpx.AsyncClient, meo: dict[str, str], missing: str
) -> None:
    body = {k: v for k, v in BODY.items() if k != missing}
    found = problem(
        await http.post(variant(op, "26201", "cross-network"), json=body, headers=meo), 400
    )
    assert any(missing in p["param"] for p in found["invalidParams"])  # type: ignore[union-attr]


async def test_notifications(op: RunningOp, http: httpx.AsyncClient, meo: dict[str, str]) -> None:
    url = f"{op.url}/sbi-cr/v1/notifications"
    problem(
        await http.post(url, json={"notificationType": "AppPackageOnBoarded"}, headers=meo), 400
    )
    problem(
        await http.post(url, content=b"{", headers={**meo, "Content-Type": "application/json"}),
        400,
    )
    ignored = {"notificationType": "AppPackageDeleted", "appPkgId": "p1"}
    assert (await http.post(url, json=ignored, headers=meo)).status_code == 204


async def test_anonymous_callers_are_refused(op: RunningOp, http: httpx.AsyncClient) -> None:
    """SBI-CR is the MEO's: no token (or one without scope sbi-cr) gets 401 (403), and nothing
    is forwarded or recorded."""
    anonymous = await http.post(variant(op, "26201", "cross-network"), json=BODY)
    assert problem(anonymous, 401)["cause"] == "missing_token"
    notification = {"notificationType": "AppPackageOnBoarded", "appPkgId": "p1"}
    assert (
        await http.post(f"{op.url}/sbi-cr/v1/notifications", json=notification)
    ).status_code == 401
    assert (await http.get(f"{op.url}/admin/operations")).json() == []


async def test_the_outcome_goes_to_the_configured_meo_not_a_header(
    op: RunningOp, http: httpx.AsyncClient, meo: dict[str, str]
) -> None:
    """A header naming another notification URL is not used: the flow's outcome is reported to
    the MEO of the configuration only."""
    headers = {**meo, "x-meo-notification-uri": "http://127.0.0.1:9/steal"}
    problem(await http.post(variant(op, "99999", "cross-network"), json=BODY, headers=headers), 404)
    [operation] = (await http.get(f"{op.url}/admin/operations")).json()
    assert "127.0.0.1:9/steal" not in str(operation)


@pytest.mark.parametrize(("meo_status", "status"), [(404, 404), (500, 503), (200, 503)])
async def test_a_package_the_meo_cannot_tell_about(
    start_ops: Any, http: httpx.AsyncClient, meo_status: int, status: int
) -> None:
    """An onboarded event for a package no flow knows makes the OP ask its MEO: a MEO that does
    not know the package gives 404, a MEO that fails (or answers something that is not a
    package) gives 503 with Retry-After: both documented in sbi-cr.yaml, never 502."""

    async def package(request: web.Request) -> web.Response:
        if meo_status == 200:
            return web.json_response({"not": "a package"})
        return web.json_response({"status": meo_status, "detail": "no"}, status=meo_status)

    fake = web.Application()
    fake.router.add_get("/app_pkgm/v1/app_packages/{id}", package)
    meo_server = await serve(fake)
    try:
        op = await start_ops(meo_url=meo_server.url + "/app_pkgm/v1")
        headers = bearer(await fetch_token(http, op.url, TEST_CLIENT, TEST_SECRET, "sbi-cr"))
        event = {"notificationType": "AppPackageOnBoarded", "appPkgId": "pkg-unknown"}
        response = await http.post(f"{op.url}/sbi-cr/v1/notifications", json=event, headers=headers)
        problem(response, status)
        assert_conforms(response, "receiveAppPkgNotification", "sbi-cr.yaml")
        if status == 503:
            assert response.headers["Retry-After"] == "5"
    finally:
        await meo_server.stop()


async def test_the_meos_own_notification_shape_is_taken(
    op: RunningOp, http: httpx.AsyncClient, meo: dict[str, str]
) -> None:
    """The MEO's notifications (an empty appDId before it read the AppD, its own x- members)
    are taken; a member of the wrong type is 400."""
    body = {
        "id": "n-1",
        "notificationType": "AppPackageRemoteOnboarding",
        "subscriptionId": "s-1",
        "timeStamp": {"seconds": 1740823530, "nanoSeconds": 0},
        "appPkgId": "p-1",
        "appDId": "",
        "operationalState": "DISABLED",
        "_links": {"subscription": {"href": "http://127.0.0.1:9/s-1"}},
        "x-onboardingFailureDetails": {"title": "Checksum mismatch"},
    }
    url = f"{op.url}/sbi-cr/v1/notifications"
    assert (await http.post(url, json=body, headers=meo)).status_code == 204
    for wrong in ({"id": 5}, {"timeStamp": {"seconds": "5", "nanoSeconds": 0}}, {"id": None}):
        response = await http.post(url, json={**body, **wrong}, headers=meo)
        problem(response, 400)
