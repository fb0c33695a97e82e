"""SBI-CR receiver: what the MEO may send, and every refusal."""

from __future__ import annotations

import httpx
import pytest

from tests.helpers.servers import RunningOp

BODY = {
    "appPkgName": "Demo App",
    "appPkgVersion": "1.0.0",
    "appProvider": "ACME",
    "appPkgPath": "http://127.0.0.1:9/app.zip",
    "checksum": {"algorithm": "SHA-256", "hash": "ab" * 32},
}


def variant(op: RunningOp, target: str, app_type: str) -> str:
    return f"{op.url}/sbi-cr/v1/op_target_systems/{target}/apptype/{app_type}/app_packages"


def problem(response: httpx.Response, status: int) -> dict[str, object]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, object] = response.json()
    return body


async def test_traditional_is_not_forwarded(op: RunningOp, http: httpx.AsyncClient) -> None:
    body = problem(await http.post(variant(op, "26201", "traditional"), json=BODY), 422)
    assert body["cause"] == "NOT_CROSS_NETWORK"


async def test_own_network_is_refused(op: RunningOp, http: httpx.AsyncClient) -> None:
    body = problem(await http.post(variant(op, "21401", "cross-network"), json=BODY), 422)
    assert "21401" in str(body["detail"])


async def test_unknown_target_names_the_network(op: RunningOp, http: httpx.AsyncClient) -> None:
    body = problem(await http.post(variant(op, "99999", "cross-network"), json=BODY), 404)
    assert body["cause"] == "NO_FEDERATION" and "99999" in str(body["detail"])
    operations = (await http.get(f"{op.url}/admin/operations")).json()
    assert operations[0]["state"] == "FAILED" and "99999" in operations[0]["detail"]


async def test_unknown_application_type(op: RunningOp, http: httpx.AsyncClient) -> None:
    body = problem(await http.post(variant(op, "26201", "other"), json=BODY), 400)
    assert any(p["param"] == "path.applicationType" for p in body["invalidParams"])  # type: ignore[union-attr]


@pytest.mark.parametrize("missing", ["appPkgName", "checksum", "appPkgPath"])
async def test_invalid_body_names_the_field(
    op: RunningOp, http: httpx.AsyncClient, missing: str
) -> None:
    body = {k: v for k, v in BODY.items() if k != missing}
    found = problem(await http.post(variant(op, "26201", "cross-network"), json=body), 400)
    assert any(missing in p["param"] for p in found["invalidParams"])  # type: ignore[union-attr]


async def test_notifications(op: RunningOp, http: httpx.AsyncClient) -> None:
    url = f"{op.url}/sbi-cr/v1/notifications"
    problem(await http.post(url, json={"notificationType": "AppPackageOnBoarded"}), 400)
    problem(await http.post(url, content=b"{", headers={"Content-Type": "application/json"}), 400)
    ignored = {"notificationType": "AppPackageDeleted", "appPkgId": "p1"}
    assert (await http.post(url, json=ignored)).status_code == 204
