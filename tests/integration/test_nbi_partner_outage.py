"""An NBI instance in a partner zone survives the partner being down: InstallApp waits in the
outbox until the partner is back; a refusal fails the instance with the partner's reason; an
instance removed while its InstallApp waits is removed at the partner once it was installed."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
from sqlmodel import col, select

from op_platform.db.tables import ZoneRow
from op_platform.db.tables.instance_rows import AppInstanceRow
from op_platform.demo.topology import Operator
from op_platform.keys import PLATFORM
from op_platform.outbox import DELIVERED, OutboxMessage
from op_platform.services.identifiers import camara_to_ewbi, zone_uuid
from tests.integration.test_nbi_federated import _app, pair, partner_zones
from tests.nbi.helpers import Sink, headers, manifest, nbi, poll

__all__ = ["pair"]


async def _onboarded_app(http: httpx.AsyncClient, one: Operator, two: Operator) -> tuple[str, Any]:
    h = await headers(http, one.op.url)
    submitted = await http.post(nbi(one.op.url, "/apps"), json=manifest(), headers=h)
    assert submitted.status_code == 201, submitted.text
    app_id = submitted.json()["appId"]

    async def onboarded() -> bool:
        shown = await http.get(nbi(one.op.url, f"/apps/{app_id}"), headers=h)
        found = {s["edgeCloudProvider"]: s["status"] for s in shown.json()["appOnboardingStatus"]}
        assert found.get("op-2") != "failed", found
        return found.get("op-2") == "onboarded"

    await poll(onboarded)
    assert set((await partner_zones(two, app_id)).values()) == {"ONBOARDED"}
    return app_id, h


def _instance_body(two: Operator, app_id: str, sink: Sink) -> dict[str, Any]:
    return {
        "name": "arena_at_two",
        "appId": app_id,
        "edgeCloudZoneId": zone_uuid("op-2", two.settings.zones[0].zone_id),
        "subscriptionRequest": {
            "sink": sink.url,
            "types": [
                "org.camaraproject.edge-application-management.v0.app-instance-status-change"
            ],
        },
    }


async def _status(http: httpx.AsyncClient, one: Operator, h: Any, instance_id: str) -> Any:
    listed = await http.get(nbi(one.op.url, "/appinstances"), headers=h)
    found = [i for i in listed.json() if i["appInstanceId"] == instance_id]
    return found[0]["status"] if found else None


async def _create(
    http: httpx.AsyncClient, one: Operator, two: Operator, app_id: str, sink: Sink, h: Any
) -> httpx.Response:
    """createAppInstance at OP1 in OP2's first zone."""
    body = _instance_body(two, app_id, sink)
    return await http.post(nbi(one.op.url, "/appinstances"), json=body, headers=h)


async def _reaches(
    http: httpx.AsyncClient, one: Operator, h: Any, sink: Sink, instance_id: str, status: str
) -> None:
    """Wait until OP1 shows the instance in ``status`` and the sink's last event says so."""

    async def shown() -> bool:
        return bool(await _status(http, one, h, instance_id) == status)

    await poll(shown)
    await poll(lambda: asyncio.sleep(0, result=sink.statuses(instance_id)[-1:] == [status]))


async def _partner_instances(two: Operator, app_id: str) -> list[AppInstanceRow]:
    async with _app(two)[PLATFORM].database.transaction() as session:
        query = select(AppInstanceRow).where(AppInstanceRow.app_id == camara_to_ewbi(app_id))
        return list((await session.exec(query)).all())


async def test_install_waits_for_a_partner_that_is_down(
    pair: tuple[list[Operator], Sink], http: httpx.AsyncClient
) -> None:
    (one, two), sink = pair
    app_id, h = await _onboarded_app(http, one, two)
    await two.op.stop()
    created = await _create(http, one, two, app_id, sink, h)
    assert created.status_code == 202, created.text
    instance_id = created.json()["appInstanceId"]
    assert created.json()["status"] == "instantiating"
    await asyncio.sleep(1.0)  # the outbox has tried and is backing off
    assert await _status(http, one, h, instance_id) == "instantiating"

    await two.op.start()

    await _reaches(http, one, h, sink, instance_id, "ready")
    assert sink.statuses(instance_id)[0] == "instantiating"
    assert [row.state for row in await _partner_instances(two, app_id)] == ["READY"]


async def test_a_refused_install_fails_the_instance_with_the_reason(
    pair: tuple[list[Operator], Sink], http: httpx.AsyncClient
) -> None:
    (one, two), sink = pair
    app_id, h = await _onboarded_app(http, one, two)
    async with _app(two)[PLATFORM].database.transaction() as session:
        zone = await session.get(ZoneRow, two.settings.zones[0].zone_id)
        assert zone is not None
        zone.status = "NOT_AVAILABLE"  # not announced: OP1 still offers the zone
        session.add(zone)
    created = await _create(http, one, two, app_id, sink, h)
    assert created.status_code == 202, created.text
    instance_id = created.json()["appInstanceId"]

    await _reaches(http, one, h, sink, instance_id, "failed")
    assert await _partner_instances(two, app_id) == []


async def test_removed_while_queued_is_removed_at_the_partner(
    pair: tuple[list[Operator], Sink], http: httpx.AsyncClient
) -> None:
    (one, two), sink = pair
    app_id, h = await _onboarded_app(http, one, two)
    await two.op.stop()
    created = await _create(http, one, two, app_id, sink, h)
    instance_id = created.json()["appInstanceId"]
    removed = await http.delete(nbi(one.op.url, f"/appinstances/{instance_id}"), headers=h)
    assert removed.status_code == 202
    assert await _status(http, one, h, instance_id) == "terminating"

    await two.op.start()

    async def gone_everywhere() -> bool:
        if await _status(http, one, h, instance_id) is not None:
            return False
        return all(row.state == "TERMINATING" for row in await _partner_instances(two, app_id))

    await poll(gone_everywhere)
    await poll(lambda: asyncio.sleep(0, result="terminating" in sink.statuses(instance_id)))
    async with _app(one)[PLATFORM].database.transaction() as session:
        query = select(OutboxMessage).where(
            col(OutboxMessage.dedup_key).startswith(f"nbi:{instance_id}:")
        )
        sent = {m.dedup_key.rsplit(":", 1)[1]: m.status for m in (await session.exec(query)).all()}
    assert sent == {"ZoneSubscribe": DELIVERED, "InstallApp": DELIVERED, "RemoveApp": DELIVERED}
