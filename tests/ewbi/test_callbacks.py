"""Callback receivers (this OP as originating OP): authenticated, validated, applied."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlmodel import select

from op_platform.db.tables import PartnerFederationRow, PartnerReportedStateRow
from op_platform.keys import PLATFORM
from op_platform.models.ewbi import paths
from op_platform.services.federation import received_callbacks as events
from tests.conftest import OpFactory
from tests.helpers.contract import assert_conforms
from tests.helpers.federation import headers_for
from tests.helpers.servers import TEST_CLIENT, TEST_SCOPES, TEST_SECRET, RunningOp

PARTNER = "op-b"
PARTNER_SECRET = "op-b-secret-at-here"
CTX = "ctx-from-op-b"
SPEC = "ewbi-callbacks.yaml"
WHEN = "2024-03-01T10:00:00Z"


@pytest.fixture
async def op(start_ops: OpFactory) -> RunningOp:
    running = await start_ops(
        "op-a",
        clients=[
            {"client_id": TEST_CLIENT, "client_secret": TEST_SECRET, "scopes": TEST_SCOPES},
            {"client_id": PARTNER, "client_secret": PARTNER_SECRET, "scopes": TEST_SCOPES},
        ],
    )
    async with running.app[PLATFORM].database.transaction() as session:
        session.add(
            PartnerFederationRow(
                id="rec-1",
                partner_id=PARTNER,
                federation_context_id=CTX,
                orig_op_federation_id="op-a",
                mobile_network_codes={"mcc": "208", "mncs": ["01"]},
                fixed_network_codes=["F1"],
                offered_zones=[
                    {
                        "zoneId": "zb1",
                        "geolocation": "48.85,2.35",
                        "geographyDetails": "Paris",
                        "status": "AVAILABLE",
                    },
                    {
                        "zoneId": "zb2",
                        "geolocation": "45.76,4.83",
                        "geographyDetails": "Lyon",
                        "status": "AVAILABLE",
                    },
                ],
                subscribed_zones=["zb1", "zb2"],
            )
        )
    return running


@pytest.fixture
async def partner_headers(http: httpx.AsyncClient, op: RunningOp) -> dict[str, str]:
    return await headers_for(http, op.url, PARTNER, PARTNER_SECRET)


def url(op: RunningOp, name: str) -> str:
    return paths.callback_link(op.url, name)


async def stored(op: RunningOp) -> PartnerFederationRow:
    async with op.app[PLATFORM].database.transaction() as session:
        row = await session.get(PartnerFederationRow, "rec-1")
    assert row is not None
    return row


def status_event(**fields: Any) -> dict[str, Any]:
    return {"federationContextId": CTX, "modificationDate": WHEN, **fields}


async def post(
    http: httpx.AsyncClient, op: RunningOp, name: str, body: Any, headers: dict[str, str]
) -> httpx.Response:
    response = await http.post(url(op, name), json=body, headers=headers)
    assert_conforms(response, name, SPEC)
    return response


async def test_partner_status_events_update_the_record(
    http: httpx.AsyncClient, op: RunningOp, partner_headers: dict[str, str]
) -> None:
    name = "onPartnerStatusEvent"
    steps = [
        status_event(
            objectType="FEDERATION", operationType="STATUS", federationStatus="NOT_AVAILABLE"
        ),
        status_event(
            objectType="ZONES",
            operationType="ADD",
            addZones=[
                {"zoneId": "zb3", "geolocation": "43.3,5.4", "geographyDetails": "Marseille"}
            ],
        ),
        status_event(objectType="ZONES", operationType="REMOVE", removeZones=["zb1"]),
        status_event(
            objectType="ZONES",
            operationType="STATUS",
            zoneStatus=[{"zoneId": "zb2", "status": "LOCKED"}],
        ),
        status_event(
            objectType="MOBILE_NETWORK_CODES",
            operationType="ADD",
            addMobileNetworkIds={"mcc": "208", "mncs": ["10"]},
        ),
        status_event(
            objectType="MOBILE_NETWORK_CODES",
            operationType="REMOVE",
            removeMobileNetworkIds={"mcc": "208", "mncs": ["01"]},
        ),
        status_event(
            objectType="FIXED_NETWORK_CODES", operationType="ADD", addFixedNetworkIds=["F2"]
        ),
        status_event(
            objectType="LCM_SERVICE",
            operationType="UPDATE",
            lcmSvcEndPoint={"port": 8443, "fqdn": "lcm.op-b.example"},
        ),
    ]
    for body in steps:
        response = await post(http, op, name, body, partner_headers)
        assert response.status_code == 204, response.text
    row = await stored(op)
    assert row.status == "NOT_AVAILABLE"
    assert {z["zoneId"]: z["status"] for z in row.offered_zones} == {
        "zb2": "LOCKED",
        "zb3": "AVAILABLE",
    }
    assert row.subscribed_zones == ["zb2"]
    assert row.mobile_network_codes == {"mcc": "208", "mncs": ["10"]}
    assert row.fixed_network_codes == ["F1", "F2"]
    assert row.lcm_endpoint == {"port": 8443, "fqdn": "lcm.op-b.example"}


async def test_zone_resource_update_is_stored_and_answered_200(
    http: httpx.AsyncClient, op: RunningOp, partner_headers: dict[str, str]
) -> None:
    body = {
        "federationContextId": CTX,
        "zoneId": "zb1",
        "zoneResUpdInfo": [
            {
                "availableCompResources": [
                    {"cpuArchType": "ISA_X86_64", "numCPU": 12, "memory": 4096, "diskStorage": 100}
                ]
            }
        ],
    }
    response = await post(http, op, "onZoneResourceUpdateEvent", body, partner_headers)
    assert response.status_code == 200
    row = await stored(op)
    assert row.zone_resources["zb1"]["available"][0]["availableCompResources"][0]["numCPU"] == 12


async def test_app_instance_and_pool_events_are_recorded_and_heard(
    http: httpx.AsyncClient, op: RunningOp, partner_headers: dict[str, str]
) -> None:
    heard: list[events.ReceivedEvent] = []

    async def listener(_session: Any, event: events.ReceivedEvent) -> None:
        heard.append(event)

    listeners = op.app[PLATFORM].listeners
    for kind in ("application", "instance", "pool"):
        listeners.add(kind, listener)
    try:
        onboard = {
            "federationContextId": CTX,
            "appId": "demoApp01",
            "statusInfo": [
                {"zoneId": "zb1", "onboardStatusInfo": "ONBOARDED"},
                {"zoneId": "zb2", "onboardStatusInfo": "PENDING"},
            ],
        }
        instance = {
            "federationContextId": CTX,
            "appId": "demoApp01",
            "appInstanceId": "instance_0001",
            "zoneId": "zb1",
            "appInstanceInfo": {"appInstanceState": "READY"},
        }
        pool = {
            "federationContextId": CTX,
            "appProviderId": "provider01",
            "zoneId": "zb1",
            "poolId": "pool_0001",
            "grantedFlavours": [{"flavourId": "small", "numFlavour": 2}],
        }
        for name, body in (
            ("onApplicationOnboardStatusEvent", onboard),
            ("onInstanceStatusEvent", instance),
            ("onResourceStatusChangeEvent", pool),
        ):
            response = await post(http, op, name, body, partner_headers)
            assert response.status_code == 204, response.text
    finally:
        for kind in ("application", "instance", "pool"):
            listeners.remove(kind, listener)
    async with op.app[PLATFORM].database.transaction() as session:
        rows = (await session.exec(select(PartnerReportedStateRow))).all()
    states = {(r.kind, r.object_id, r.zone_id): r.state for r in rows}
    assert states == {
        ("application", "demoApp01", "zb1"): "ONBOARDED",
        ("application", "demoApp01", "zb2"): "PENDING",
        ("instance", "instance_0001", "zb1"): "READY",
        ("pool", "pool_0001", "zb1"): "GRANTED",
    }
    assert all(r.partner_id == PARTNER and r.federation_context_id == CTX for r in rows)
    assert [(e.kind, e.partner_id, e.federation_context_id) for e in heard] == [
        ("application", PARTNER, CTX),
        ("instance", PARTNER, CTX),
        ("pool", PARTNER, CTX),
    ]


NAMES = list(paths.CALLBACKS)


@pytest.mark.parametrize("name", NAMES)
async def test_unknown_context_or_another_client_is_404(
    http: httpx.AsyncClient, op: RunningOp, partner_headers: dict[str, str], name: str
) -> None:
    body = _minimal(name)
    unknown = await post(
        http, op, name, {**body, "federationContextId": "no-such-ctx"}, partner_headers
    )
    assert unknown.status_code == 404
    stranger = await headers_for(http, op.url)  # test-client is not op-b
    other = await post(http, op, name, body, stranger)
    assert other.status_code == 404
    assert other.json()["cause"] == unknown.json()["cause"] == "FEDERATION_CONTEXT_NOT_FOUND"
    assert (await stored(op)).status == "AVAILABLE"


@pytest.mark.parametrize("name", NAMES)
async def test_no_token_is_401_and_bad_body_is_400(
    http: httpx.AsyncClient, op: RunningOp, partner_headers: dict[str, str], name: str
) -> None:
    anonymous = await http.post(url(op, name), json=_minimal(name))
    assert anonymous.status_code == 401
    bad = await post(http, op, name, {"federationContextId": CTX}, partner_headers)
    assert bad.status_code == 400
    assert bad.json()["invalidParams"]


async def test_federation_being_created_answers_503_so_the_partner_retries(
    http: httpx.AsyncClient, op: RunningOp, partner_headers: dict[str, str]
) -> None:
    async with op.app[PLATFORM].database.transaction() as session:
        row = await session.get(PartnerFederationRow, "rec-1")
        assert row is not None
        await session.delete(row)
        session.add(
            PartnerFederationRow(
                id="rec-2",
                partner_id=PARTNER,
                federation_context_id="pending-rec-2",
                orig_op_federation_id="op-a",
                status="PENDING",
            )
        )
    body = status_event(
        objectType="FEDERATION", operationType="STATUS", federationStatus="AVAILABLE"
    )
    response = await http.post(url(op, "onPartnerStatusEvent"), json=body, headers=partner_headers)
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "1"


async def test_record_leaving_pending_between_the_two_reads_is_found(
    http: httpx.AsyncClient,
    op: RunningOp,
    partner_headers: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The lookup by context ran while our record still had its placeholder context; our own
    CreateFederation answer then made it AVAILABLE under the partner's context before the
    second read (PostgreSQL reads each statement afresh). It is that record, not a 404."""
    repository = events.PartnerFederationRepository

    async def before_the_answer(self: Any, federation_context_id: str) -> list[Any]:
        return []

    monkeypatch.setattr(repository, "by_context", before_the_answer)
    body = status_event(objectType="FEDERATION", operationType="STATUS", federationStatus="LOCKED")
    response = await post(http, op, "onPartnerStatusEvent", body, partner_headers)
    assert response.status_code == 204, response.text
    assert (await stored(op)).status == "LOCKED"


def _minimal(name: str) -> dict[str, Any]:
    return {
        "onPartnerStatusEvent": status_event(
            objectType="FEDERATION", operationType="STATUS", federationStatus="AVAILABLE"
        ),
        "onZoneResourceUpdateEvent": {
            "federationContextId": CTX,
            "zoneId": "zb1",
            "zoneResUpdInfo": [{"availableNetResources": {"egressBandWidth": 10}}],
        },
        "onApplicationOnboardStatusEvent": {
            "federationContextId": CTX,
            "appId": "demoApp01",
            "statusInfo": [{"zoneId": "zb1", "onboardStatusInfo": "ONBOARDED"}],
        },
        "onInstanceStatusEvent": {
            "federationContextId": CTX,
            "appId": "demoApp01",
            "appInstIdentifier": "instance_0001",
            "zoneId": "zb1",
            "appInstanceInfo": {"appInstanceState": "PENDING"},
        },
        "onResourceStatusChangeEvent": {
            "federationContextId": CTX,
            "appProviderId": "provider01",
            "zoneId": "zb1",
            "poolId": "pool_0001",
            "grantedFlavours": [{"flavourId": "small", "numFlavour": 1}],
        },
    }[name]
