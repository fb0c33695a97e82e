"""EWBI federation management, served: CreateFederation, Get, Update, Delete."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlmodel import select

from op_platform.db.tables import FederationRow, ZoneSubscriptionRow
from op_platform.keys import PLATFORM
from op_platform.models.ewbi import paths
from tests.helpers.contract import assert_conforms
from tests.helpers.federation import (
    Recorder,
    create_federation,
    ewbi,
    federation_body,
    headers_for,
    wait_for,
)
from tests.helpers.servers import RunningOp


@pytest.fixture
async def headers(http: httpx.AsyncClient, op: RunningOp) -> dict[str, str]:
    return await headers_for(http, op.url)


async def test_create_federation_answers_offer_and_notifies(
    http: httpx.AsyncClient, op: RunningOp, headers: dict[str, str], recorder: Recorder
) -> None:
    body = federation_body(recorder.url, token_url=op.url + paths.OAUTH_TOKEN)
    response = await http.post(ewbi(op.url, "/partner"), json=body, headers=headers)
    assert response.status_code == 200, response.text
    assert_conforms(response, "CreateFederation")
    answer = response.json()
    ctx = answer["federationContextId"]
    assert response.headers["Location"] == f"{op.url}{paths.EWBI_ROOT}/{ctx}/partner"
    assert answer["partnerOPFederationId"] == "op-test"
    assert answer["partnerOPCountryCode"] == "ES"
    assert answer["partnerOPMobileNetworkCodes"] == {"mcc": "214", "mncs": ["01"]}
    port = int(op.url.rsplit(":", 1)[1])
    assert answer["lcmServiceEndPoint"] == {"port": port, "ipv4Addresses": ["127.0.0.1"]}
    assert answer["edgeDiscoveryServiceEndPoint"] == answer["lcmServiceEndPoint"]
    zones = {z["zoneId"]: z for z in answer["offeredAvailabilityZones"]}
    assert set(zones) == {"zone-1", "zone-2"}
    assert zones["zone-1"]["geolocation"] == "40.4168,-3.7038"
    assert zones["zone-1"]["geographyDetails"] == "Madrid, ES"

    await wait_for(lambda: recorder.bodies(paths.ON_PARTNER_STATUS_EVENT), what="status event")
    event = recorder.bodies(paths.ON_PARTNER_STATUS_EVENT)[0]
    assert event["federationContextId"] == ctx
    assert event["objectType"] == "FEDERATION"
    assert event["operationType"] == "STATUS"
    assert event["federationStatus"] == "AVAILABLE"
    assert "modificationDate" in event
    # The callback carried a token obtained with the partnerCallbackCredentials given.
    assert (recorder.received[0].authorization or "").startswith("Bearer ")

    async with op.app[PLATFORM].database.transaction() as session:
        row = await session.get(FederationRow, ctx)
    assert row is not None and row.client_id == "test-client"
    assert row.callback_client_id == "test-client"
    assert row.callback_token_url == op.url + paths.OAUTH_TOKEN


async def test_callback_secret_is_encrypted_with_a_passphrase(
    http: httpx.AsyncClient, start_ops: Any, recorder: Recorder
) -> None:
    op = await start_ops(security={"key_passphrase": "correct horse battery"})
    headers = await headers_for(http, op.url)
    body = federation_body(recorder.url, token_url=op.url + paths.OAUTH_TOKEN)
    ctx = (await create_federation(http, op.url, headers, body))["federationContextId"]
    async with op.app[PLATFORM].database.transaction() as session:
        row = await session.get(FederationRow, ctx)
    assert row is not None and row.callback_client_secret is not None
    assert "test-client-secret" not in row.callback_client_secret
    # ... and the outbox can still use it.
    await wait_for(lambda: recorder.received, what="status event")
    assert (recorder.received[0].authorization or "").startswith("Bearer ")


async def test_create_accepts_partner_status_link_without_credentials(
    http: httpx.AsyncClient, op: RunningOp, headers: dict[str, str], recorder: Recorder
) -> None:
    body = federation_body(recorder.url, link_field="partnerStatusLink")
    answer = await create_federation(http, op.url, headers, body)
    await wait_for(lambda: recorder.received, what="status event")
    assert recorder.received[0].body["federationContextId"] == answer["federationContextId"]
    assert recorder.received[0].authorization is None


async def test_create_repeated_returns_the_same_context(
    http: httpx.AsyncClient, op: RunningOp, headers: dict[str, str], recorder: Recorder
) -> None:
    """The answer to CreateFederation was lost: the same request again gets the same context."""
    body = federation_body(recorder.url, token_url=op.url + paths.OAUTH_TOKEN)
    first = await create_federation(http, op.url, headers, body)
    again = await http.post(ewbi(op.url, "/partner"), json=body, headers=headers)
    assert again.status_code == 200, again.text
    assert_conforms(again, "CreateFederation")
    assert again.json() == first
    async with op.app[PLATFORM].database.transaction() as session:
        assert len((await session.exec(select(FederationRow))).all()) == 1


async def test_create_twice_with_same_orig_id_is_409_until_deleted(
    http: httpx.AsyncClient, op: RunningOp, headers: dict[str, str], recorder: Recorder
) -> None:
    body = federation_body(recorder.url)
    first = await create_federation(http, op.url, headers, body)
    changed = {**body, "origOPCountryCode": "DE"}
    again = await http.post(ewbi(op.url, "/partner"), json=changed, headers=headers)
    assert again.status_code == 409
    assert again.headers["content-type"].startswith("application/problem+json")
    assert "origOPFederationId" in again.json()["detail"]
    other = await http.post(
        ewbi(op.url, "/partner"), json={**body, "origOPFederationId": "op-other"}, headers=headers
    )
    assert other.status_code == 200
    ctx = first["federationContextId"]
    deleted = await http.delete(ewbi(op.url, paths.federation(ctx)), headers=headers)
    assert deleted.status_code == 200
    assert (
        await http.post(ewbi(op.url, "/partner"), json=body, headers=headers)
    ).status_code == 200


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"federationNotificationDest": None}, "body"),
        ({"origOPFederationId": "bad id!"}, "origOPFederationId"),
        ({"origOPCountryCode": "spain"}, "origOPCountryCode"),
        ({"origOPMobileNetworkCodes": {"mcc": "21", "mncs": ["01"]}}, "origOPMobileNetworkCodes"),
        ({"initialDate": "yesterday"}, "initialDate"),
        ({"partnerCallbackCredentials": {"tokenUrl": "http://x/t"}}, "partnerCallbackCredentials"),
        ({"federationNotificationDest": "not a url"}, "federationNotificationDest"),
        ({"federationNotificationDest": "ftp://127.0.0.1/x"}, "federationNotificationDest"),
        ({"federationNotificationDest": ""}, "federationNotificationDest"),
        ({"federationNotificationDest": "http://"}, "federationNotificationDest"),
        ({"federationNotificationDest": "http://[::1"}, "federationNotificationDest"),
    ],
)
async def test_create_rejects_invalid_bodies(
    http: httpx.AsyncClient,
    op: RunningOp,
    headers: dict[str, str],
    change: dict[str, Any],
    field: str,
) -> None:
    body = {**federation_body("http://127.0.0.1:9"), **change}
    body = {k: v for k, v in body.items() if v is not None}
    response = await http.post(ewbi(op.url, "/partner"), json=body, headers=headers)
    assert response.status_code == 400, response.text
    assert_conforms(response, "CreateFederation")
    problem = response.json()
    assert any(p["param"].startswith(field) for p in problem["invalidParams"]), problem
    async with op.app[PLATFORM].database.transaction() as session:
        assert (await session.exec(select(FederationRow))).all() == []


async def test_operations_need_a_token(http: httpx.AsyncClient, op: RunningOp) -> None:
    response = await http.post(ewbi(op.url, "/partner"), json=federation_body("http://h"))
    assert response.status_code == 401


async def test_get_federation_details(
    http: httpx.AsyncClient, op: RunningOp, headers: dict[str, str]
) -> None:
    ctx = (await create_federation(http, op.url, headers, federation_body("http://127.0.0.1:9")))[
        "federationContextId"
    ]
    response = await http.get(ewbi(op.url, paths.federation(ctx)), headers=headers)
    assert response.status_code == 200
    assert_conforms(response, "GetFederationDetails")
    info = response.json()
    assert info["allowedMobileNetworkIds"] == {"mcc": "208", "mncs": ["01", "10"]}
    assert info["allowedFixedNetworkIds"] == ["FR-FIX-1"]
    assert {z["zoneId"] for z in info["offeredAvailabilityZones"]} == {"zone-1", "zone-2"}
    unknown = await http.get(ewbi(op.url, paths.federation("nope")), headers=headers)
    assert unknown.status_code == 404
    assert_conforms(unknown, "GetFederationDetails")


def _update(object_type: str, operation: str, **fields: Any) -> dict[str, Any]:
    return {
        "objectType": object_type,
        "operationType": operation,
        "modificationDate": "2024-02-01T00:00:00Z",
        **fields,
    }


async def test_update_federation_codes(
    http: httpx.AsyncClient, op: RunningOp, headers: dict[str, str]
) -> None:
    ctx = (await create_federation(http, op.url, headers, federation_body("http://127.0.0.1:9")))[
        "federationContextId"
    ]
    url = ewbi(op.url, paths.federation(ctx))
    mobile = "MOBILE_NETWORK_CODES"
    fixed = "FIXED_NETWORK_CODES"
    steps: list[tuple[dict[str, Any], str, Any]] = [
        (
            _update(mobile, "ADD_CODES", addMobileNetworkIds={"mcc": "208", "mncs": ["15", "01"]}),
            "allowedMobileNetworkIds",
            {"mcc": "208", "mncs": ["01", "10", "15"]},
        ),
        (
            _update(mobile, "REMOVE_CODES", removeMobileNetworkIds={"mncs": ["10"]}),
            "allowedMobileNetworkIds",
            {"mcc": "208", "mncs": ["01", "15"]},
        ),
        (
            _update(mobile, "UPDATE_CODES", addMobileNetworkIds={"mcc": "209", "mncs": ["02"]}),
            "allowedMobileNetworkIds",
            {"mcc": "209", "mncs": ["02"]},
        ),
        (
            _update(fixed, "ADD_CODES", addFixedNetworkIds=["FR-FIX-2"]),
            "allowedFixedNetworkIds",
            ["FR-FIX-1", "FR-FIX-2"],
        ),
        (
            _update(fixed, "REMOVE_CODES", removeFixedNetworkIds=["FR-FIX-1"]),
            "allowedFixedNetworkIds",
            ["FR-FIX-2"],
        ),
        (
            _update(fixed, "UPDATE_CODES", addFixedNetworkIds=["X1", "X2"]),
            "allowedFixedNetworkIds",
            ["X1", "X2"],
        ),
    ]
    for body, key, expected in steps:
        response = await http.patch(url, json=body, headers=headers)
        assert response.status_code == 200, response.text
        assert_conforms(response, "UpdateFederation")
        assert response.json()[key] == expected, body
    details = (await http.get(url, headers=headers)).json()
    assert details["allowedMobileNetworkIds"] == {"mcc": "209", "mncs": ["02"]}
    assert details["allowedFixedNetworkIds"] == ["X1", "X2"]


@pytest.mark.parametrize(
    ("body", "status", "cause"),
    [
        (
            _update("MOBILE_NETWORK_CODES", "ADD_CODES", addFixedNetworkIds=["F"]),
            422,
            "OPERATION_MISMATCH",
        ),
        (_update("FIXED_NETWORK_CODES", "REMOVE_CODES"), 422, "OPERATION_MISMATCH"),
        (
            _update("FIXED_NETWORK_CODES", "ADD_CODES", removeFixedNetworkIds=["FR-FIX-1"]),
            422,
            "OPERATION_MISMATCH",
        ),
        (
            _update(
                "MOBILE_NETWORK_CODES", "REMOVE_CODES", removeMobileNetworkIds={"mncs": ["99"]}
            ),
            422,
            "CODES_NOT_PRESENT",
        ),
        (
            _update("FIXED_NETWORK_CODES", "REMOVE_CODES", removeFixedNetworkIds=["nope"]),
            422,
            "CODES_NOT_PRESENT",
        ),
        (
            _update(
                "MOBILE_NETWORK_CODES",
                "ADD_CODES",
                addMobileNetworkIds={"mcc": "310", "mncs": ["01"]},
            ),
            422,
            "MCC_MISMATCH",
        ),
        (_update("SOMETHING", "ADD_CODES"), 400, "SCHEMA_VIOLATION"),
        (
            {"objectType": "FIXED_NETWORK_CODES", "operationType": "ADD_CODES"},
            400,
            "SCHEMA_VIOLATION",
        ),
    ],
)
async def test_update_federation_errors(
    http: httpx.AsyncClient,
    op: RunningOp,
    headers: dict[str, str],
    body: dict[str, Any],
    status: int,
    cause: str,
) -> None:
    ctx = (await create_federation(http, op.url, headers, federation_body("http://127.0.0.1:9")))[
        "federationContextId"
    ]
    url = ewbi(op.url, paths.federation(ctx))
    response = await http.patch(url, json=body, headers=headers)
    assert response.status_code == status, response.text
    assert_conforms(response, "UpdateFederation")
    assert response.json()["cause"] == cause
    details = (await http.get(url, headers=headers)).json()
    assert details["allowedMobileNetworkIds"] == {"mcc": "208", "mncs": ["01", "10"]}
    assert details["allowedFixedNetworkIds"] == ["FR-FIX-1"]


async def test_update_unknown_federation_is_404(
    http: httpx.AsyncClient, op: RunningOp, headers: dict[str, str]
) -> None:
    body = _update("FIXED_NETWORK_CODES", "ADD_CODES", addFixedNetworkIds=["F"])
    response = await http.patch(ewbi(op.url, paths.federation("nope")), json=body, headers=headers)
    assert response.status_code == 404
    assert_conforms(response, "UpdateFederation")


async def test_delete_federation_removes_it_and_its_subscriptions(
    http: httpx.AsyncClient, op: RunningOp, headers: dict[str, str]
) -> None:
    ctx = (await create_federation(http, op.url, headers, federation_body("http://127.0.0.1:9")))[
        "federationContextId"
    ]
    subscribed = await http.post(
        ewbi(op.url, paths.zones(ctx)),
        json={
            "acceptedAvailabilityZones": ["zone-1"],
            "availZoneNotifLink": "http://127.0.0.1:9/z",
        },
        headers=headers,
    )
    assert subscribed.status_code == 200
    response = await http.delete(ewbi(op.url, paths.federation(ctx)), headers=headers)
    assert response.status_code == 200
    assert_conforms(response, "DeleteFederationDetails")
    for method, path in [
        ("GET", paths.federation(ctx)),
        ("DELETE", paths.federation(ctx)),
        ("GET", paths.zone(ctx, "zone-1")),
    ]:
        gone = await http.request(method, ewbi(op.url, path), headers=headers)
        assert gone.status_code == 404, (method, path)
    async with op.app[PLATFORM].database.transaction() as session:
        assert (await session.exec(select(ZoneSubscriptionRow))).all() == []
        assert await session.get(FederationRow, ctx) is None
