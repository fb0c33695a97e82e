"""Traffic steering of edge instances at the NEF (must-show 1): an instance READY in zone Z
yields exactly one traffic influence subscription and one EAS deployment with Z's DNAI and the
instance's endpoint; deleting the instance removes both; with the NEF down, both happen once it
is back. Every request the OP sent is checked against openapi/nef.yaml."""

from __future__ import annotations

from typing import Any

import httpx
from sqlmodel import select

from mec_mocks.nef import paths as nef_paths
from mec_mocks.testing import wait_for
from op_platform.db.tables.nbi_rows import NbiInstanceRow
from op_platform.db.tables.network_rows import SteeringRow
from op_platform.db.tables.outbox_rows import OutboxMessage
from op_platform.keys import PLATFORM
from op_platform.models.ewbi import paths
from tests.helpers.instances import Setup, federation_with_app, install_body
from tests.network.helpers import NefLab

TI = "traffic-influence"
EAS = "eas-deployment"
CALLBACK = "http://127.0.0.1:9/instances"


async def install(http: httpx.AsyncClient, s: Setup, zone: str = "zone-1") -> str:
    response = await http.post(
        s.url(paths.lcm(s.ctx)), json=install_body(CALLBACK, zone), headers=s.headers
    )
    assert response.status_code == 202, response.text
    return str(response.json()["appInstIdentifier"])


async def remove(http: httpx.AsyncClient, s: Setup, instance: str, zone: str = "zone-1") -> None:
    url = s.url(paths.app_instance(s.ctx, s.app_id, instance, zone))
    response = await http.delete(url, headers=s.headers)
    assert response.status_code == 200, response.text


async def held(lab: NefLab, http: httpx.AsyncClient) -> tuple[list[Any], list[Any]]:
    return await lab.resources(http, TI), await lab.resources(http, EAS)


async def steered(lab: NefLab, http: httpx.AsyncClient) -> tuple[dict[str, Any], dict[str, Any]]:
    async def both() -> tuple[dict[str, Any], dict[str, Any]] | None:
        ti, eas = await held(lab, http)
        return (ti[0]["body"], eas[0]["body"]) if ti and eas else None

    found: tuple[dict[str, Any], dict[str, Any]] = await wait_for(both, what="steering at the NEF")
    return found


async def rows(lab: NefLab) -> list[SteeringRow]:
    async with lab.op.app[PLATFORM].database.transaction() as session:
        return list((await session.exec(select(SteeringRow))).all())


def assert_steers(ti: dict[str, Any], eas: dict[str, Any], dnai: str, fqdn: str) -> None:
    (route,) = ti["trafficRoutes"]
    assert route["dnai"] == dnai
    assert route["routeInfo"]["portNumber"] == 8443
    assert ti["anyUeInd"] is True and ti["subscribedEvents"] == ["UP_PATH_CHANGE"]
    assert ti["notificationDestination"].startswith("http://127.0.0.1:")
    (rule,) = eas["fqdnPatternList"]
    assert rule["stringMatchingRule"]["stringMatchingConditions"][0]["matchingString"] == fqdn
    assert list(eas["dnaiInfos"]) == [dnai]
    assert eas["dnaiInfos"][dnai]["easIpAddrs"] == [{"ipv4Addr": route["routeInfo"]["ipv4Addr"]}]


async def test_ready_instance_is_steered_once_then_removed(
    http: httpx.AsyncClient, lab: NefLab, sent: list[str]
) -> None:
    s = await federation_with_app(http, lab.op)
    instance = await install(http, s, "zone-2")
    ti, eas = await steered(lab, http)
    assert_steers(
        ti, eas, "dnai-barcelona", f"{instance.replace('_', '-')}.zone-2.op-test.edge.example"
    )
    assert ti["afAppId"] == s.app_id

    async def settled() -> bool:
        (row,) = await rows(lab)
        return not row.ti_pending and not row.eas_pending and bool(row.ti_id and row.eas_id)

    await wait_for(settled, what="the NEF's ids recorded")
    assert [len(x) for x in await held(lab, http)] == [1, 1]  # exactly one of each
    assert sorted(sent) == ["CreateAnDeployment", "CreateNewSubscription"]

    await remove(http, s, instance, "zone-2")

    async def removed() -> bool:
        ti_left, eas_left = await held(lab, http)
        return not ti_left and not eas_left and not await rows(lab)

    await wait_for(removed, what="the steering removed")
    assert sorted(sent) == [
        "CreateAnDeployment",
        "CreateNewSubscription",
        "DeleteAnDeployment",
        "DeleteAnSubscription",
    ]


async def test_nef_down_delays_steering_until_it_is_back(
    http: httpx.AsyncClient, lab: NefLab
) -> None:
    s = await federation_with_app(http, lab.op)
    await lab.admin(http, "POST", nef_paths.ADMIN_DOWN, json={})
    instance = await install(http, s)

    async def refused() -> bool:
        async with lab.op.app[PLATFORM].database.transaction() as session:
            messages = (await session.exec(select(OutboxMessage))).all()
        tried = [m for m in messages if m.kind.startswith("nef.") and m.attempts >= 2]
        return len(tried) == 2

    await wait_for(refused, what="both creations refused while the NEF is down")
    assert await held(lab, http) == ([], [])
    await lab.admin(http, "POST", nef_paths.ADMIN_UP)
    ti, eas = await steered(lab, http)
    assert_steers(
        ti, eas, "dnai-madrid", f"{instance.replace('_', '-')}.zone-1.op-test.edge.example"
    )
    assert [len(x) for x in await held(lab, http)] == [1, 1]

    await lab.admin(http, "POST", nef_paths.ADMIN_DOWN, json={})
    await remove(http, s, instance)

    async def deletion_refused() -> bool:
        (row,) = await rows(lab)
        return row.removing

    await wait_for(deletion_refused, what="the removal queued while the NEF is down")
    assert [len(x) for x in await held(lab, http)] == [1, 1]
    await lab.admin(http, "POST", nef_paths.ADMIN_UP)

    async def removed() -> bool:
        return await held(lab, http) == ([], []) and not await rows(lab)

    await wait_for(removed, what="the steering removed once the NEF is back")


async def test_local_nbi_instance_is_steered_and_moves(
    http: httpx.AsyncClient, lab: NefLab, sent: list[str]
) -> None:
    row = NbiInstanceRow(
        instance_id="0b6c3c44-7d4c-4a4c-9b43-4f2a1d2e3f40",
        owner="provider-one",
        app_id="5f0c1b8e-2a7e-4c55-8d0d-2f3c4b5a6978",
        name="arena_one",
        zone_id="zone-1",
        zone_uuid="9d8e7f60-1a2b-4c3d-8e9f-0a1b2c3d4e5f",
        provider="op-test",
        status="ready",
        endpoints=[{"interfaceId": "web", "accessPoints": {"port": 8443, "fqdn": "arena.example"}}],
    )
    database = lab.op.app[PLATFORM].database
    async with database.transaction() as session:
        session.add(row)
    ti, eas = await steered(lab, http)
    assert_steers(ti, eas, "dnai-madrid", "arena.example")

    async with database.transaction() as session:
        moved = await session.get(NbiInstanceRow, row.instance_id)
        assert moved is not None
        moved.zone_id = "zone-2"
        session.add(moved)

    async def updated() -> tuple[Any, Any] | None:
        ti_now, eas_now = await held(lab, http)
        dnais = [r["dnai"] for r in ti_now[0]["body"]["trafficRoutes"]] if ti_now else []
        if dnais == ["dnai-barcelona"] and list(eas_now[0]["body"]["dnaiInfos"]) == dnais:
            return ti_now, eas_now
        return None

    ti_now, eas_now = await wait_for(updated, what="the steering moved to zone-2's DNAI")
    assert len(ti_now) == 1 and len(eas_now) == 1
    assert {"FullyUpdateAnSubscription", "FullyUpdateAnDeployment"} <= set(sent)


async def test_steering_queued_before_a_restart_is_sent_after_it(
    http: httpx.AsyncClient, lab: NefLab
) -> None:
    s = await federation_with_app(http, lab.op)
    await lab.admin(http, "POST", nef_paths.ADMIN_DOWN, json={})
    await install(http, s)

    async def queued() -> bool:
        found = await rows(lab)
        return bool(found) and found[0].ti_pending and found[0].eas_pending

    await wait_for(queued, what="both creations queued while the NEF is down")
    await lab.op.restart()
    await lab.admin(http, "POST", nef_paths.ADMIN_UP)
    await steered(lab, http)

    async def settled() -> bool:
        (row,) = await rows(lab)
        return not row.ti_pending and not row.eas_pending

    await wait_for(settled, what="the outcomes recorded after the restart")
    assert [len(x) for x in await held(lab, http)] == [1, 1]
