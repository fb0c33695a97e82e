"""Reads served from memory stop being served as soon as what they came from changes: at once on
the replica that made the change, and on another replica of the same database after one poll of
the table generations (a worker polls every ``GENERATIONS_POLL`` seconds). Tokens the same way:
a revoked token, or one of a removed client, stops working at once there and after one refresh
of the revocation list elsewhere."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass

import httpx
import pytest

from op_platform.db.zone_repository import ZoneRepository
from op_platform.keys import PLATFORM
from op_platform.models.ewbi import paths
from op_platform.ports import free_port
from op_platform.security import revocation
from op_platform.wiring import GENERATIONS_POLL
from tests.conftest import OpFactory
from tests.helpers.auth import bearer, fetch_token
from tests.helpers.federation import ewbi, federation_body, headers_for
from tests.helpers.servers import TEST_CLIENT, TEST_SECRET, RunningOp, start_op

NBI = "/edge-application-management/v0.1alpha1"


@dataclass
class Replicas:
    a: RunningOp
    b: RunningOp
    ctx: str
    headers: dict[str, str]

    async def zone(self, http: httpx.AsyncClient, op: RunningOp) -> httpx.Response:
        url = ewbi(op.url, paths.zone(self.ctx, "zone-1"))
        return await http.get(url, headers=self.headers)

    async def poll(self) -> None:
        """What B's generations worker does every GENERATIONS_POLL seconds."""
        await self.b.app[PLATFORM].database.poll_generations()


@pytest.fixture
async def replicas(start_ops: OpFactory, http: httpx.AsyncClient) -> AsyncIterator[Replicas]:
    a = await start_ops("op-cache")
    assert a.settings is not None
    listen = a.settings.listen.model_copy(update={"port": free_port()})
    b = await start_op(a.settings.model_copy(update={"listen": listen}))
    try:
        headers = await headers_for(http, a.url)
        body = federation_body(a.url, orig_id="op-orig")
        created = await http.post(ewbi(a.url, paths.partner()), json=body, headers=headers)
        assert created.status_code == 200, created.text
        ctx = created.json()["federationContextId"]
        subscribe = {
            "acceptedAvailabilityZones": ["zone-1"],
            "availZoneNotifLink": a.url + "/cb",
        }
        done = await http.post(ewbi(a.url, paths.zones(ctx)), json=subscribe, headers=headers)
        assert done.status_code == 200, done.text
        yield Replicas(a, b, ctx, headers)
    finally:
        await b.stop()


async def test_a_changed_zone_is_served_changed(
    replicas: Replicas, http: httpx.AsyncClient
) -> None:
    r = replicas
    for op in (r.a, r.b):  # both replicas now serve it from memory
        first = await r.zone(http, op)
        assert first.status_code == 200, first.text
        assert first.json()["reservedComputeResources"][0]["numCPU"] == 64
        assert op.app[PLATFORM].reads.hits + op.app[PLATFORM].reads.misses > 0
    cached = r.b.app[PLATFORM].reads.hits
    await r.zone(http, r.b)
    assert r.b.app[PLATFORM].reads.hits == cached + 1  # served from memory
    async with r.a.app[PLATFORM].database.transaction() as session:
        row = await ZoneRepository(session).get("zone-1")
        assert row is not None
        row.num_cpu = 8
        session.add(row)
    assert (await r.zone(http, r.a)).json()["reservedComputeResources"][0]["numCPU"] == 8
    await r.poll()
    assert (await r.zone(http, r.b)).json()["reservedComputeResources"][0]["numCPU"] == 8


async def test_an_unsubscribed_zone_and_a_deleted_federation_stop_being_served(
    replicas: Replicas, http: httpx.AsyncClient
) -> None:
    r = replicas
    for op in (r.a, r.b):
        assert (await r.zone(http, op)).status_code == 200
    gone = await http.delete(ewbi(r.a.url, paths.zone(r.ctx, "zone-1")), headers=r.headers)
    assert gone.status_code == 200, gone.text
    assert (await r.zone(http, r.a)).status_code != 200
    await r.poll()
    assert (await r.zone(http, r.b)).status_code != 200
    deleted = await http.delete(ewbi(r.a.url, paths.federation(r.ctx)), headers=r.headers)
    assert deleted.status_code == 200, deleted.text
    assert (await r.zone(http, r.a)).status_code == 404
    await r.poll()
    assert (await r.zone(http, r.b)).status_code == 404


async def test_nbi_zones_follow_a_zone_change(replicas: Replicas, http: httpx.AsyncClient) -> None:
    r = replicas
    scope = "edge-application-management:edge-cloud-zones:read"
    headers = bearer(await fetch_token(http, r.a.url, TEST_CLIENT, TEST_SECRET, scope))

    async def statuses(op: RunningOp) -> set[str]:
        answer = await http.get(op.url + NBI + "/edge-cloud-zones", headers=headers)
        assert answer.status_code == 200, answer.text
        return {zone["edgeCloudZoneStatus"] for zone in answer.json()}

    assert await statuses(r.a) == {"active"} == await statuses(r.b)
    async with r.a.app[PLATFORM].database.transaction() as session:
        row = await ZoneRepository(session).get("zone-1")
        assert row is not None
        row.status = "UNAVAILABLE"
        session.add(row)
    assert "unknown" in await statuses(r.a) or "inactive" in await statuses(r.a)
    await r.poll()
    assert await statuses(r.b) == await statuses(r.a)


async def test_a_revoked_token_and_a_removed_client_stop_working_everywhere(
    replicas: Replicas, http: httpx.AsyncClient
) -> None:
    r = replicas
    for op in (r.a, r.b):  # the token is now verified and remembered by both
        assert (await r.zone(http, op)).status_code == 200
    token = r.headers["Authorization"].split()[1]
    assert await r.a.app[PLATFORM].security.revoke(TEST_CLIENT, token)
    assert (await r.zone(http, r.a)).status_code == 401
    await asyncio.sleep(revocation.REFRESH)
    assert (await r.zone(http, r.b)).status_code == 401

    fresh = await headers_for(http, r.a.url)
    url = ewbi(r.b.url, paths.zone(r.ctx, "zone-1"))
    assert (await http.get(url, headers=fresh)).status_code == 200
    await r.a.app[PLATFORM].security.remove_client(TEST_CLIENT)
    assert (
        await http.get(ewbi(r.a.url, paths.zone(r.ctx, "zone-1")), headers=fresh)
    ).status_code == 401
    await asyncio.sleep(revocation.REFRESH)
    assert (await http.get(url, headers=fresh)).status_code == 401


def test_the_poll_interval_is_within_a_second() -> None:
    assert GENERATIONS_POLL <= 1.0 and revocation.REFRESH <= 1.0
