"""EWBI application onboarding operations, served: success paths and every error they answer."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest

from op_platform.keys import PLATFORM
from op_platform.models.ewbi import paths
from op_platform.services.applications import app_lookup as applications
from tests.helpers.applications import new_context, onboard_body, upload_artefact, upload_file
from tests.helpers.contract import assert_conforms
from tests.helpers.federation import ewbi, headers_for, wait_for
from tests.helpers.servers import TEST_CLIENT, TEST_SCOPES, TEST_SECRET, RunningOp

APP = "edge_app_one"


@pytest.fixture
async def op(start_ops: Any, tmp_path: Path) -> RunningOp:
    clients = [
        {"client_id": TEST_CLIENT, "client_secret": TEST_SECRET, "scopes": TEST_SCOPES},
        {"client_id": "other-client", "client_secret": "other-secret", "scopes": TEST_SCOPES},
    ]
    running: RunningOp = await start_ops(
        data_dir=str(tmp_path), clients=clients, onboarding={"poll_interval": 0.1}
    )
    return running


@pytest.fixture
async def headers(http: httpx.AsyncClient, op: RunningOp) -> dict[str, str]:
    return await headers_for(http, op.url)


@pytest.fixture
async def ctx(http: httpx.AsyncClient, op: RunningOp, headers: dict[str, str]) -> str:
    return await new_context(http, op.url, headers)


@pytest.fixture
async def artefact(
    http: httpx.AsyncClient, op: RunningOp, headers: dict[str, str], ctx: str
) -> str:
    file_id = str(uuid.uuid4())
    await upload_file(http, op.url, headers, ctx, file_id)
    return await upload_artefact(http, op.url, headers, ctx, file_id)


async def onboarded(
    http: httpx.AsyncClient, op: RunningOp, headers: dict[str, str], ctx: str, artefact: str
) -> str:
    body = onboard_body(APP, artefact, "http://127.0.0.1:9/cb")
    response = await http.post(ewbi(op.url, paths.onboarding(ctx)), json=body, headers=headers)
    assert response.status_code == 202, response.text

    async def done() -> bool:
        async with op.app[PLATFORM].database.transaction() as session:
            return await applications.onboarded_zones(session, ctx, APP) == ["zone-1", "zone-2"]

    await wait_for(done, what="onboarded")
    return ewbi(op.url, paths.onboarded_app(ctx, APP))


async def test_view_update_and_read_api(
    http: httpx.AsyncClient, op: RunningOp, headers: dict[str, str], ctx: str, artefact: str
) -> None:
    url = await onboarded(http, op, headers, ctx, artefact)
    response = await http.get(url, headers=headers)
    assert response.status_code == 200
    assert_conforms(response, "ViewApplication")
    view = response.json()
    assert view["appId"] == APP and view["appQoSProfile"] == {"latencyConstraints": "LOW"}
    assert [z["zoneInfo"] for z in view["appDeploymentZones"]] == ["zone-1", "zone-2"]

    body = {"appUpdQoSProfile": {"latencyConstraint": "ULTRALOW", "bandwidthRequired": 50}}
    response = await http.patch(url, json=body, headers=headers)
    assert response.status_code == 202, response.text
    assert_conforms(response, "UpdateApplication")
    view = (await http.get(url, headers=headers)).json()
    assert view["appQoSProfile"] == {"latencyConstraints": "ULTRALOW", "bandwidthRequired": 50}

    async with op.app[PLATFORM].database.transaction() as session:
        assert (await applications.get_app(session, ctx, APP)).app_provider_id == "provider_one"
        await applications.require_onboarded(session, ctx, APP, "zone-1")
        assert not await applications.zone_forbidden(session, ctx, APP, "zone-1")


@pytest.mark.parametrize(
    ("change", "status", "field"),
    [
        (
            {"appDeploymentZones": [{"countryCode": "ES", "zoneInfo": "zone-9"}]},
            422,
            "appDeploymentZones.0.zoneInfo",
        ),
        (
            {"appDeploymentZones": [{"countryCode": "FR", "zoneInfo": "zone-1"}]},
            422,
            "appDeploymentZones.0.countryCode",
        ),
        ({"appId": "bad id"}, 400, "appId"),
        ({"appStatusCallbackLink": None}, 400, "appStatusCallbackLink"),
    ],
)
async def test_onboard_errors(
    http: httpx.AsyncClient,
    op: RunningOp,
    headers: dict[str, str],
    ctx: str,
    artefact: str,
    change: dict[str, Any],
    status: int,
    field: str,
) -> None:
    body = {**onboard_body(APP, artefact, "http://127.0.0.1:9/cb"), **change}
    body = {k: v for k, v in body.items() if v is not None}
    response = await http.post(ewbi(op.url, paths.onboarding(ctx)), json=body, headers=headers)
    assert response.status_code == status, response.text
    assert_conforms(response, "OnboardApplication")
    assert any(p["param"] == field for p in response.json()["invalidParams"])


async def test_onboard_unknown_artefact_duplicate_and_contexts(
    http: httpx.AsyncClient, op: RunningOp, headers: dict[str, str], ctx: str, artefact: str
) -> None:
    url = ewbi(op.url, paths.onboarding(ctx))
    body = onboard_body(APP, str(uuid.uuid4()), "http://127.0.0.1:9/cb")
    response = await http.post(url, json=body, headers=headers)
    assert response.status_code == 422
    assert response.json()["invalidParams"][0]["param"] == "appComponentSpecs.0.artefactId"
    body = onboard_body(APP, artefact, "http://127.0.0.1:9/cb")
    assert (await http.post(url, json=body)).status_code == 401
    other = await headers_for(http, op.url, "other-client", "other-secret")
    assert (await http.post(url, json=body, headers=other)).status_code == 404
    assert (await http.post(url, json=body, headers=headers)).status_code == 202
    response = await http.post(url, json=body, headers=headers)
    assert response.status_code == 409
    assert_conforms(response, "OnboardApplication")
    app_url = ewbi(op.url, paths.onboarded_app(ctx, APP))
    for method, suffix, json_body in (
        ("GET", "", None),
        ("PATCH", "", {"appUpdQoSProfile": {"latencyConstraints": "LOW"}}),
        ("DELETE", "", None),
        ("DELETE", "/zone/zone-1", None),
        ("POST", "/additionalZones", ["zone-1"]),
        ("POST", "/zoneForbid", [{"zoneId": "zone-1", "forbid": True}]),
    ):
        response = await http.request(method, app_url + suffix, json=json_body, headers=other)
        assert response.status_code == 404, (method, suffix)
        response = await http.request(method, app_url + suffix, json=json_body)
        assert response.status_code == 401, (method, suffix)
        missing = ewbi(op.url, paths.onboarded_app(ctx, "unknown_app_1")) + suffix
        response = await http.request(method, missing, json=json_body, headers=headers)
        assert response.status_code == 404, (method, suffix)
        assert response.json()["cause"] == "APP_NOT_FOUND"


async def test_update_errors(
    http: httpx.AsyncClient, op: RunningOp, headers: dict[str, str], ctx: str, artefact: str
) -> None:
    url = await onboarded(http, op, headers, ctx, artefact)
    for body, status in (
        ({}, 400),
        ({"appUpdQoSProfile": {}}, 400),
        (
            {
                "appComponentSpecs": [
                    {"componentName": "no_such_comp", "serviceNameEW": "ew_name_1"}
                ]
            },
            422,
        ),
        (
            {
                "appComponentSpecs": [
                    {"componentName": "web_component", "artefactId": str(uuid.uuid4())}
                ]
            },
            422,
        ),
    ):
        response = await http.patch(url, json=body, headers=headers)
        assert response.status_code == status, (body, response.text)
        assert_conforms(response, "UpdateApplication")


async def test_additional_zones_forbid_and_deboard_errors(
    http: httpx.AsyncClient, op: RunningOp, headers: dict[str, str], ctx: str, artefact: str
) -> None:
    url = await onboarded(http, op, headers, ctx, artefact)
    response = await http.post(url + "/additionalZones", json=["zone-1"], headers=headers)
    assert response.status_code == 409
    assert_conforms(response, "OnboardExistingAppNewZones")
    response = await http.post(url + "/additionalZones", json=["zone-9"], headers=headers)
    assert response.status_code == 422
    response = await http.post(url + "/additionalZones", json=[], headers=headers)
    assert response.status_code == 400

    response = await http.post(
        url + "/zoneForbid", json=[{"zoneId": "zone-1", "forbid": True}], headers=headers
    )
    assert response.status_code == 200
    assert_conforms(response, "LockUnlockApplicationZone")
    async with op.app[PLATFORM].database.transaction() as session:
        assert await applications.zone_forbidden(session, ctx, APP, "zone-1")
        assert not await applications.zone_forbidden(session, ctx, APP, "zone-2")
    response = await http.post(
        url + "/zoneForbid", json=[{"zoneId": "zone-7", "forbid": True}], headers=headers
    )
    assert response.status_code == 422
    response = await http.post(url + "/zoneForbid", json=[{"zoneId": "zone-1"}], headers=headers)
    assert response.status_code == 400

    response = await http.delete(url + "/zone/zone-7", headers=headers)
    assert response.status_code == 404
    assert_conforms(response, "DeboardApplication")
    assert (await http.delete(url + "/zone/zone-2", headers=headers)).status_code == 202

    async def removed() -> bool:
        async with op.app[PLATFORM].database.transaction() as session:
            return await applications.zone_status(session, ctx, APP, "zone-2") == "REMOVED"

    await wait_for(removed, what="zone-2 removed")
    assert (await http.delete(url + "/zone/zone-2", headers=headers)).status_code == 404
    response = await http.post(url + "/additionalZones", json=["zone-2"], headers=headers)
    assert response.status_code == 202
    assert_conforms(response, "OnboardExistingAppNewZones")

    async def back() -> bool:
        async with op.app[PLATFORM].database.transaction() as session:
            return await applications.zone_status(session, ctx, APP, "zone-2") == "ONBOARDED"

    await wait_for(back, what="zone-2 onboarded again")
