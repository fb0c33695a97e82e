"""Two OPs on loopback, each the other's partner: federation, zones and callbacks both ways."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
from sqlmodel import select

from op_platform.clients.ewbi import EwbiClient
from op_platform.clients.ewbi.calls import EwbiCall
from op_platform.db.tables import FederationRow, OutboxMessage, PartnerFederationRow, ZoneRow
from op_platform.errors import Unavailable, UpstreamError
from op_platform.keys import PLATFORM
from op_platform.services.deps import Deps
from op_platform.services.federation import partners
from op_platform.services.zones.zone_subscriptions import zone_changed
from tests.conftest import OpFactory
from tests.helpers.federation import start_pair, wait_for
from tests.helpers.servers import RunningOp


def deps(op: RunningOp) -> Deps:
    assert op.settings is not None
    return op.app[PLATFORM].deps


async def record(op: RunningOp, partner_id: str) -> PartnerFederationRow | None:
    async with op.app[PLATFORM].database.transaction() as session:
        rows = (
            await session.exec(
                select(PartnerFederationRow).where(PartnerFederationRow.partner_id == partner_id)
            )
        ).all()
    return rows[0] if len(rows) == 1 else None


async def outbox(op: RunningOp) -> list[OutboxMessage]:
    async with op.app[PLATFORM].database.transaction() as session:
        return list((await session.exec(select(OutboxMessage))).all())


async def federate(op: RunningOp, partner_id: str) -> PartnerFederationRow:
    row = await partners.create_federation(deps(op), partner_id)
    return await partners.subscribe_all(deps(op), row.id)


async def all_delivered(op: RunningOp, kinds: set[str]) -> bool:
    messages = await outbox(op)
    return (
        bool(messages)
        and {m.kind for m in messages} >= kinds
        and all(m.status == "delivered" for m in messages)
    )


KINDS = {"ewbi.onPartnerStatusEvent", "ewbi.onZoneResourceUpdateEvent"}


async def test_each_op_federates_with_the_other_at_once(start_ops: OpFactory) -> None:
    ops = await start_pair(start_ops)
    a, b = ops["op-a"], ops["op-b"]
    a_with_b, b_with_a = await asyncio.gather(federate(a, "op-b"), federate(b, "op-a"))

    # A's record of B: what B offered in its CreateFederation answer.
    assert a_with_b.status == "AVAILABLE"
    assert a_with_b.partner_op_federation_id == "op-b"
    assert a_with_b.partner_country_code == "FR"
    assert a_with_b.mobile_network_codes == {"mcc": "208", "mncs": ["01", "10"]}
    assert {z["zoneId"] for z in a_with_b.offered_zones} == {"zone-b1", "zone-b2"}
    assert a_with_b.subscribed_zones == ["zone-b1", "zone-b2"]
    assert a_with_b.lcm_endpoint == {"port": b.port, "ipv4Addresses": ["127.0.0.1"]}
    assert a_with_b.supports_variant is True
    assert b_with_a.subscribed_zones == ["zone-a1"]
    assert b_with_a.mobile_network_codes == {"mcc": "214", "mncs": ["01"]}

    # Both partners' callbacks (federation status, zone resources) were delivered and applied.
    for op, partner_id, zones in ((a, "op-b", {"zone-b1", "zone-b2"}), (b, "op-a", {"zone-a1"})):
        other = b if op is a else a
        await wait_for(lambda o=other: all_delivered(o, KINDS), what="callbacks delivered")

        async def applied(op: RunningOp = op, pid: str = partner_id, zs: set[str] = zones) -> bool:
            row = await record(op, pid)
            return row is not None and all("available" in row.zone_resources.get(z, {}) for z in zs)

        await wait_for(applied, what=f"zone resources at {op.settings and op.settings.operator_id}")
        row = await record(op, partner_id)
        assert row is not None and row.status == "AVAILABLE"
        resources = row.zone_resources[sorted(zones)[0]]
        assert resources["registered"]["reservedComputeResources"][0]["numCPU"] == 64
        assert resources["available"][0]["availableCompResources"][0]["numCPU"] == 64

    # A zone of B becomes unavailable: A hears about it (status event to every federation).
    async with b.app[PLATFORM].database.transaction() as session:
        zone = await session.get(ZoneRow, "zone-b2")
        assert zone is not None
        zone.status = "NOT_AVAILABLE"
        session.add(zone)
        await zone_changed(session, "zone-b2")

    async def zone_down() -> bool:
        row = await record(a, "op-b")
        status = {z["zoneId"]: z["status"] for z in row.offered_zones} if row else {}
        return status.get("zone-b2") == "NOT_AVAILABLE"

    await wait_for(zone_down, what="zone status at op-a")

    # Deleting ends the federation at the partner too.
    ctx = a_with_b.federation_context_id
    await partners.delete_federation(deps(a), "op-b")
    assert await record(a, "op-b") is None
    async with b.app[PLATFORM].database.transaction() as session:
        assert await session.get(FederationRow, ctx) is None


async def test_partner_down_create_fails_cleanly(
    start_ops: OpFactory, http: httpx.AsyncClient
) -> None:
    ops = await start_pair(start_ops)
    a = ops["op-a"]
    await ops["op-b"].stop()
    with pytest.raises(Unavailable):
        await partners.create_federation(deps(a), "op-b")
    response = await http.post(a.url + "/admin/federations", json={"partnerId": "op-b"})
    assert response.status_code == 503
    assert response.headers["content-type"].startswith("application/problem+json")
    assert "unreachable" in response.json()["detail"]
    async with a.app[PLATFORM].database.transaction() as session:
        assert (await session.exec(select(PartnerFederationRow))).all() == []
    # Once op-b is back, the same command succeeds.
    await ops["op-b"].restart()
    created = await http.post(a.url + "/admin/federations", json={"partnerId": "op-b"})
    assert created.status_code == 201, created.text
    assert created.json()["status"] == "AVAILABLE"


async def test_callbacks_reach_a_restarted_originating_op(start_ops: OpFactory) -> None:
    ops = await start_pair(start_ops)
    a, b = ops["op-a"], ops["op-b"]
    await federate(a, "op-b")
    await wait_for(lambda: all_delivered(b, KINDS), what="first callbacks")
    await a.stop()
    async with b.app[PLATFORM].database.transaction() as session:
        zone = await session.get(ZoneRow, "zone-b1")
        assert zone is not None
        zone.status = "NOT_AVAILABLE"
        zone.num_cpu = 8
        session.add(zone)
        await zone_changed(session, "zone-b1")

    async def retried() -> bool:
        pending = [m for m in await outbox(b) if m.status != "delivered"]
        return len(pending) == 2 and any(m.attempts >= 2 for m in pending)

    await wait_for(retried, what="failed attempts while op-a is down")
    await a.restart()
    await a.restart()  # once more in between: nothing changes
    await wait_for(lambda: all_delivered(b, KINDS), what="callbacks after op-a is back")

    async def applied() -> bool:
        row = await record(a, "op-b")
        if row is None:
            return False
        status = {z["zoneId"]: z["status"] for z in row.offered_zones}
        cpu = row.zone_resources["zone-b1"]["available"][0]["availableCompResources"][0]["numCPU"]
        return status["zone-b1"] == "NOT_AVAILABLE" and cpu == 8

    await wait_for(applied, what="zone change applied at op-a")
    delivered = [m for m in await outbox(b) if m.dedup_key is None]
    assert all(m.status == "delivered" for m in delivered)


async def test_create_recovers_when_the_partners_answer_is_lost(
    start_ops: OpFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The partner made the context but its answer never arrived: the origin sends the same
    request again and gets that context; the partner holds one federation, the origin knows
    its id."""
    ops = await start_pair(start_ops)
    a, b = ops["op-a"], ops["op-b"]
    real = EwbiClient.respond
    dropped: list[str] = []

    async def drop_first_answer(self: EwbiClient, call: EwbiCall[Any]) -> httpx.Response:
        response = await real(self, call)
        if call.operation == "CreateFederation" and not dropped:
            dropped.append(response.json()["federationContextId"])
            raise Unavailable("CreateFederation at partner op-b timed out", cause="peer_timeout")
        return response

    monkeypatch.setattr(EwbiClient, "respond", drop_first_answer)
    row = await partners.create_federation(deps(a), "op-b")
    assert dropped == [row.federation_context_id]
    assert row.status == "AVAILABLE"
    async with b.app[PLATFORM].database.transaction() as session:
        contexts = (await session.exec(select(FederationRow))).all()
    assert [c.federation_context_id for c in contexts] == dropped


async def test_create_with_an_invalid_answer_leaves_no_context_at_the_partner(
    start_ops: OpFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The partner made the context but its answer breaks FederationResponseData: the origin
    refuses it naming the field, deletes the context the answer named, and records nothing."""
    ops = await start_pair(start_ops)
    a, b = ops["op-a"], ops["op-b"]
    real = EwbiClient.respond

    async def break_answer(self: EwbiClient, call: EwbiCall[Any]) -> httpx.Response:
        response = await real(self, call)
        if call.operation != "CreateFederation":
            return response
        body = {**response.json(), "offeredAvailabilityZones": [{"zoneId": "bad zone!"}]}
        return httpx.Response(200, json=body, request=response.request)

    monkeypatch.setattr(EwbiClient, "respond", break_answer)
    with pytest.raises(UpstreamError) as refused:
        await partners.create_federation(deps(a), "op-b")
    assert "offeredAvailabilityZones[0]" in refused.value.detail
    assert await record(a, "op-b") is None
    async with b.app[PLATFORM].database.transaction() as session:
        assert (await session.exec(select(FederationRow))).all() == []
