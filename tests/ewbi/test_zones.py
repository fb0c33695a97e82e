"""EWBI zone synchronisation, served: ZoneSubscribe, ZoneUnsubscribe, GetZoneData, zone_changed."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from sqlmodel import select

from op_platform.db.tables import ZoneRow, ZoneSubscriptionRow
from op_platform.keys import PLATFORM
from op_platform.models.ewbi import paths
from op_platform.services.zones.zone_subscriptions import zone_changed
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

ZONE_EVENT = paths.ON_ZONE_RESOURCE_UPDATE_EVENT
STATUS_EVENT = paths.ON_PARTNER_STATUS_EVENT


@pytest.fixture
async def recorder() -> AsyncIterator[Recorder]:
    rec = await Recorder(status=200).start()
    yield rec
    await rec.stop()


@pytest.fixture
async def headers(http: httpx.AsyncClient, op: RunningOp) -> dict[str, str]:
    return await headers_for(http, op.url)


@pytest.fixture
async def ctx(
    http: httpx.AsyncClient, op: RunningOp, headers: dict[str, str], recorder: Recorder
) -> str:
    answer = await create_federation(http, op.url, headers, federation_body(recorder.url))
    await wait_for(lambda: recorder.bodies(STATUS_EVENT), what="federation status event")
    recorder.received.clear()
    return str(answer["federationContextId"])


def subscription(recorder: Recorder, *zones: str) -> dict[str, object]:
    return {
        "acceptedAvailabilityZones": list(zones),
        "availZoneNotifLink": recorder.url + ZONE_EVENT,
    }


async def test_subscribe_answers_resources_and_sends_updates(
    http: httpx.AsyncClient, op: RunningOp, headers: dict[str, str], recorder: Recorder, ctx: str
) -> None:
    response = await http.post(
        ewbi(op.url, paths.zones(ctx)),
        json=subscription(recorder, "zone-1", "zone-2"),
        headers=headers,
    )
    assert response.status_code == 200, response.text
    assert_conforms(response, "ZoneSubscribe")
    infos = {i["zoneId"]: i for i in response.json()["acceptedZoneResourceInfo"]}
    assert set(infos) == {"zone-1", "zone-2"}
    zone1 = infos["zone-1"]
    assert zone1["reservedComputeResources"] == [
        {"cpuArchType": "ISA_X86_64", "numCPU": 64, "memory": 262144, "diskStorage": 2048}
    ]
    assert zone1["computeResourceQuotaLimits"] == zone1["reservedComputeResources"]
    assert [f["flavourId"] for f in zone1["flavoursSupported"]] == [
        "fl-small",
        "fl-medium",
        "fl-large",
        "fl-xlarge",
    ]
    assert zone1["networkResources"]["egressBandWidth"] > 0

    events = await wait_for(
        lambda: len(recorder.bodies(ZONE_EVENT)) == 2 and recorder.bodies(ZONE_EVENT),
        what="zone resource updates",
    )
    assert {e["zoneId"] for e in events} == {"zone-1", "zone-2"}
    assert all(e["federationContextId"] == ctx for e in events)
    assert events[0]["zoneResUpdInfo"][0]["availableCompResources"][0]["numCPU"] == 64


async def test_subscribe_unknown_zone_is_422_and_subscribes_nothing(
    http: httpx.AsyncClient, op: RunningOp, headers: dict[str, str], recorder: Recorder, ctx: str
) -> None:
    response = await http.post(
        ewbi(op.url, paths.zones(ctx)),
        json=subscription(recorder, "zone-1", "atlantis"),
        headers=headers,
    )
    assert response.status_code == 422
    assert_conforms(response, "ZoneSubscribe")
    problem = response.json()
    assert problem["cause"] == "UNKNOWN_ZONE"
    assert "atlantis" in problem["detail"]
    async with op.app[PLATFORM].database.transaction() as session:
        assert (await session.exec(select(ZoneSubscriptionRow))).all() == []
    missing = await http.get(ewbi(op.url, paths.zone(ctx, "zone-1")), headers=headers)
    assert missing.status_code == 404


@pytest.mark.parametrize(
    "body",
    [
        {"acceptedAvailabilityZones": [], "availZoneNotifLink": "http://127.0.0.1:9/z"},
        {"acceptedAvailabilityZones": ["zone-1"]},
        {"acceptedAvailabilityZones": ["bad zone"], "availZoneNotifLink": "http://127.0.0.1:9/z"},
    ],
)
async def test_subscribe_invalid_body_is_400(
    http: httpx.AsyncClient,
    op: RunningOp,
    headers: dict[str, str],
    ctx: str,
    body: dict[str, object],
) -> None:
    response = await http.post(ewbi(op.url, paths.zones(ctx)), json=body, headers=headers)
    assert response.status_code == 400
    assert_conforms(response, "ZoneSubscribe")
    assert response.json()["invalidParams"]


async def test_subscribe_again_same_link_is_idempotent_other_link_is_409(
    http: httpx.AsyncClient, op: RunningOp, headers: dict[str, str], recorder: Recorder, ctx: str
) -> None:
    url = ewbi(op.url, paths.zones(ctx))
    first = await http.post(url, json=subscription(recorder, "zone-1"), headers=headers)
    again = await http.post(url, json=subscription(recorder, "zone-1"), headers=headers)
    assert first.status_code == again.status_code == 200
    assert first.json() == again.json()
    other = {"acceptedAvailabilityZones": ["zone-1"], "availZoneNotifLink": "http://127.0.0.1:9/x"}
    conflict = await http.post(url, json=other, headers=headers)
    assert conflict.status_code == 409
    assert_conforms(conflict, "ZoneSubscribe")
    assert conflict.json()["cause"] == "ZONE_ALREADY_SUBSCRIBED"
    async with op.app[PLATFORM].database.transaction() as session:
        rows = (await session.exec(select(ZoneSubscriptionRow))).all()
    assert [(r.zone_id, r.notif_link) for r in rows] == [("zone-1", recorder.url + ZONE_EVENT)]


async def test_get_zone_data_and_unsubscribe(
    http: httpx.AsyncClient, op: RunningOp, headers: dict[str, str], recorder: Recorder, ctx: str
) -> None:
    zone_url = ewbi(op.url, paths.zone(ctx, "zone-2"))
    not_yet = await http.get(zone_url, headers=headers)
    assert not_yet.status_code == 404
    assert_conforms(not_yet, "GetZoneData")
    assert (await http.delete(zone_url, headers=headers)).status_code == 404
    await http.post(
        ewbi(op.url, paths.zones(ctx)), json=subscription(recorder, "zone-2"), headers=headers
    )
    data = await http.get(zone_url, headers=headers)
    assert data.status_code == 200
    assert_conforms(data, "GetZoneData")
    assert data.json()["zoneId"] == "zone-2"
    assert data.json()["reservedComputeResources"][0]["numCPU"] == 64
    removed = await http.delete(zone_url, headers=headers)
    assert removed.status_code == 200
    assert_conforms(removed, "ZoneUnsubscribe")
    assert (await http.get(zone_url, headers=headers)).status_code == 404
    again = await http.delete(zone_url, headers=headers)
    assert again.status_code == 404
    assert_conforms(again, "ZoneUnsubscribe")


async def test_zone_operations_on_unknown_context_are_404(
    http: httpx.AsyncClient, op: RunningOp, headers: dict[str, str], recorder: Recorder
) -> None:
    for method, path, body in [
        ("POST", paths.zones("nope"), subscription(recorder, "zone-1")),
        ("GET", paths.zone("nope", "zone-1"), None),
        ("DELETE", paths.zone("nope", "zone-1"), None),
    ]:
        response = await http.request(method, ewbi(op.url, path), json=body, headers=headers)
        assert response.status_code == 404, (method, path)


async def test_zone_changed_notifies_every_federation_and_subscriber(
    http: httpx.AsyncClient, op: RunningOp, headers: dict[str, str], recorder: Recorder, ctx: str
) -> None:
    other_rec = await Recorder(status=200).start()
    try:
        other = await create_federation(
            http, op.url, headers, federation_body(other_rec.url, orig_id="op-second")
        )
        await wait_for(lambda: other_rec.bodies(STATUS_EVENT), what="second federation event")
        other_rec.received.clear()
        await http.post(
            ewbi(op.url, paths.zones(ctx)), json=subscription(recorder, "zone-1"), headers=headers
        )
        await wait_for(lambda: recorder.bodies(ZONE_EVENT), what="subscription update")
        recorder.received.clear()

        async with op.app[PLATFORM].database.transaction() as session:
            zone = await session.get(ZoneRow, "zone-1")
            assert zone is not None
            zone.status = "NOT_AVAILABLE"
            zone.num_cpu = 16
            session.add(zone)
            await zone_changed(session, "zone-1")

        for rec, fed in ((recorder, ctx), (other_rec, other["federationContextId"])):
            status = await wait_for(lambda r=rec: r.bodies(STATUS_EVENT), what="zone status event")
            assert status[0]["federationContextId"] == fed
            assert status[0]["objectType"] == "ZONES"
            assert status[0]["zoneStatus"] == [{"zoneId": "zone-1", "status": "NOT_AVAILABLE"}]
        update = await wait_for(lambda: recorder.bodies(ZONE_EVENT), what="resource update")
        assert update[0]["zoneResUpdInfo"][0]["availableCompResources"][0]["numCPU"] == 16
        assert other_rec.bodies(ZONE_EVENT) == []  # not a subscriber of zone-1
    finally:
        await other_rec.stop()
