"""InstallApp and CreateResourcePools only on zones that are AVAILABLE and subscribed by the
federation (422 otherwise, naming the zone); discovery leaves unavailable zones out."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlmodel import select

from op_platform.db.tables.instance_rows import AppInstanceRow, ResourcePoolRow
from op_platform.db.tables.zone_rows import ZoneRow
from op_platform.keys import PLATFORM
from op_platform.models.ewbi import paths
from tests.helpers.applications import PROVIDER, new_context
from tests.helpers.contract import assert_conforms
from tests.helpers.federation import headers_for
from tests.helpers.instances import (
    APP_ID,
    Setup,
    federation_with_app,
    install_body,
    onboard,
    subscribe_zones,
)
from tests.helpers.servers import RunningOp

CALLBACK = "http://127.0.0.1:9/cb"


async def set_zone_status(op: RunningOp, zone_id: str, status: str) -> None:
    async with op.app[PLATFORM].database.transaction() as session:
        zone = await session.get(ZoneRow, zone_id)
        assert zone is not None
        zone.status = status
        session.add(zone)


async def install(http: httpx.AsyncClient, s: Setup, zone: str) -> httpx.Response:
    body = install_body(CALLBACK, zone)
    return await http.post(s.url(paths.lcm(s.ctx)), json=body, headers=s.headers)


async def create_pool(http: httpx.AsyncClient, s: Setup, zone: str) -> httpx.Response:
    body: dict[str, Any] = {
        "resRequest": {
            "poolName": "pool_zone_check",
            "flavours": [{"flavourId": "fl-small", "numFlavour": 1}],
            "reserveDuration": {"numOfDays": 7},
        },
        "resourceReservationCallbackLink": CALLBACK,
    }
    url = s.url(paths.resource_pools(s.ctx, zone, PROVIDER))
    return await http.post(url, json=body, headers=s.headers)


def _refused(response: httpx.Response, operation: str, *words: str) -> None:
    assert response.status_code == 422, response.text
    assert_conforms(response, operation)
    problem = response.json()
    for word in words:
        assert word in problem["detail"], problem
    assert problem["invalidParams"][0]["param"].endswith("zoneId")


async def _count_rows(op: RunningOp) -> tuple[int, int]:
    async with op.app[PLATFORM].database.transaction() as session:
        instances = (await session.exec(select(AppInstanceRow))).all()
        pools = (await session.exec(select(ResourcePoolRow))).all()
    return len(instances), len(pools)


@pytest.mark.parametrize("status", ["NOT_AVAILABLE", "LOCKED"])
async def test_unavailable_zone_is_refused(
    http: httpx.AsyncClient, start_ops: Any, status: str
) -> None:
    op = await start_ops()
    s = await federation_with_app(http, op)
    await set_zone_status(op, "zone-2", status)
    _refused(await install(http, s, "zone-2"), "InstallApp", "zone-2", status)
    _refused(await create_pool(http, s, "zone-2"), "CreateResourcePools", "zone-2", status)
    assert await _count_rows(op) == (0, 0)
    # Back to AVAILABLE: both accepted.
    await set_zone_status(op, "zone-2", "AVAILABLE")
    assert (await install(http, s, "zone-2")).status_code == 202
    assert (await create_pool(http, s, "zone-2")).status_code == 200
    assert await _count_rows(op) == (1, 1)


async def test_unsubscribed_zone_is_refused(http: httpx.AsyncClient, start_ops: Any) -> None:
    op = await start_ops()
    headers = await headers_for(http, op.url)
    ctx = await new_context(http, op.url, headers)
    await subscribe_zones(http, op, headers, ctx, ("zone-1",))
    await onboard(http, op, headers, ctx)
    s = Setup(op, headers, ctx)
    _refused(await install(http, s, "zone-2"), "InstallApp", "zone-2", "not subscribed")
    _refused(await create_pool(http, s, "zone-2"), "CreateResourcePools", "zone-2", "subscribed")
    assert await _count_rows(op) == (0, 0)
    assert (await install(http, s, "zone-1")).status_code == 202
    # Unsubscribing the zone stops new work there.
    gone = await http.delete(s.url(paths.zone(ctx, "zone-1")), headers=headers)
    assert gone.status_code == 200, gone.text
    _refused(await install(http, s, "zone-1"), "InstallApp", "zone-1", "not subscribed")


async def test_discovery_skips_unavailable_zones(http: httpx.AsyncClient, start_ops: Any) -> None:
    op = await start_ops()
    s = await federation_with_app(http, op)
    url = s.url(paths.edge_discovery(s.ctx))
    body = {"appProviderId": PROVIDER, "appId": APP_ID}
    both = await http.post(url, json=body, headers=s.headers)
    assert both.status_code == 200, both.text
    assert {node["zoneId"] for node in both.json()} == {"zone-1", "zone-2"}
    await set_zone_status(op, "zone-1", "NOT_AVAILABLE")
    one = await http.post(url, json=body, headers=s.headers)
    assert one.status_code == 200, one.text
    assert [node["zoneId"] for node in one.json()] == ["zone-2"]
    await set_zone_status(op, "zone-2", "NOT_AVAILABLE")
    none = await http.post(url, json=body, headers=s.headers)
    assert none.status_code == 422
    assert none.json()["cause"] == "NO_CANDIDATE_ZONE"
