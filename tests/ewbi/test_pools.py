"""EWBI ISV resource pools, served: CreateResourcePools, ViewISVResPool, UpdateISVResPool,
RemoveISVResPool, their callback, and zone capacity shared with instances."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from op_platform.db.zone_repository import ZoneRepository
from op_platform.keys import PLATFORM
from op_platform.models.ewbi import paths
from op_platform.services.instances.resource_pools import zone_usage
from op_platform.services.zones.flavours import Resources
from tests.helpers.applications import PROVIDER
from tests.helpers.contract import assert_conforms
from tests.helpers.federation import Recorder, headers_for, wait_for
from tests.helpers.instances import Setup, federation_with_app, install_body
from tests.helpers.servers import TEST_CLIENT, TEST_SECRET, RunningOp

POOL_EVENT = paths.ON_RESOURCE_STATUS_CHANGE_EVENT
INST_EVENT = paths.ON_INSTANCE_STATUS_EVENT
SMALL_ZONE = {
    "zone_id": "zone-1",
    "geography_details": "Madrid, ES",
    "latitude": 40.4,
    "longitude": -3.7,
    "num_cpu": 8,
    "memory_mb": 16384,
    "storage_gb": 200,
}


@pytest.fixture
async def s(http: httpx.AsyncClient, start_ops: Any) -> Setup:
    op = await start_ops(zones=[SMALL_ZONE])
    return await federation_with_app(http, op, zones=("zone-1",))


def pools_url(s: Setup, zone: str = "zone-1", provider: str = PROVIDER) -> str:
    return s.url(paths.resource_pools(s.ctx, zone, provider))


def pool_url(s: Setup, pool_id: str, zone: str = "zone-1") -> str:
    return s.url(paths.resource_pool(s.ctx, zone, PROVIDER, pool_id))


def pool_body(rec: Recorder, name: str = "pool_alpha", **flavour: Any) -> dict[str, Any]:
    item = {"flavourId": "fl-small", "numFlavour": 2, **flavour}
    return {
        "resRequest": {"poolName": name, "flavours": [item], "reserveDuration": {"numOfDays": 7}},
        "resourceReservationCallbackLink": rec.url + POOL_EVENT,
    }


async def usage(op: RunningOp) -> Resources:
    async with op.app[PLATFORM].database.transaction() as session:
        zone = await ZoneRepository(session).get("zone-1")
        assert zone is not None
        return await zone_usage(session, zone)


async def create(http: httpx.AsyncClient, s: Setup, body: dict[str, Any]) -> httpx.Response:
    return await http.post(pools_url(s), json=body, headers=s.headers)


async def test_pool_lifecycle_with_callbacks(
    http: httpx.AsyncClient, s: Setup, recorder: Recorder
) -> None:
    response = await create(http, s, pool_body(recorder))
    assert response.status_code == 200, response.text
    assert_conforms(response, "CreateResourcePools")
    pool_id = response.json()["poolId"]
    assert response.json()["poolName"] == "pool_alpha"
    assert await usage(s.op) == Resources(4, 8192, 40)
    await wait_for(lambda: recorder.bodies(POOL_EVENT), what="pool event")
    assert recorder.bodies(POOL_EVENT)[0] == {
        "federationContextId": s.ctx,
        "appProviderId": PROVIDER,
        "zoneId": "zone-1",
        "poolId": pool_id,
        "grantedFlavours": [{"flavourId": "fl-small", "numFlavour": 2}],
    }

    view = await http.get(pools_url(s), headers=s.headers)
    assert view.status_code == 200
    assert_conforms(view, "ViewISVResPool")
    [info] = view.json()
    assert info["reservedPoolId"] == pool_id
    assert info["reservedFlavours"] == [{"flavourId": "fl-small", "count": 2}]
    assert info["reserveDuration"] == {"numOfDays": 7}

    update = [
        {"updateType": "ADD", "flavourId": "fl-medium", "count": 1},
        {"updateType": "REMOVE", "flavourId": "fl-small", "count": 1},
        {
            "updateType": "DURATION",
            "flavourId": "fl-small",
            "count": 1,
            "reserveDuration": {"numOfMonths": 1},
        },
    ]
    patched = await http.patch(pool_url(s, pool_id), json=update, headers=s.headers)
    assert patched.status_code == 200, patched.text
    assert_conforms(patched, "UpdateISVResPool")
    assert await usage(s.op) == Resources(6, 12288, 60)
    await wait_for(lambda: len(recorder.bodies(POOL_EVENT)) == 2, what="second pool event")
    assert recorder.bodies(POOL_EVENT)[1]["grantedFlavours"] == [
        {"flavourId": "fl-small", "numFlavour": 1},
        {"flavourId": "fl-medium", "numFlavour": 1},
    ]
    [info] = (await http.get(pools_url(s), headers=s.headers)).json()
    assert info["reserveDuration"] == {"numOfMonths": 1}

    removed = await http.delete(pool_url(s, pool_id), headers=s.headers)
    assert removed.status_code == 200
    assert_conforms(removed, "RemoveISVResPool")
    assert await usage(s.op) == Resources()
    assert (await http.get(pools_url(s), headers=s.headers)).json() == []
    again = await http.delete(pool_url(s, pool_id), headers=s.headers)
    assert again.status_code == 404
    assert_conforms(again, "RemoveISVResPool")


async def test_grant_between_minimum_and_requested(
    http: httpx.AsyncClient, s: Setup, recorder: Recorder
) -> None:
    # 8 CPUs: asking for 6 small (12 CPU) with at least 3 grants 4.
    r = await create(http, s, pool_body(recorder, numFlavour=6, minNumOfFlavours=3))
    assert r.status_code == 200, r.text
    await wait_for(lambda: recorder.bodies(POOL_EVENT), what="pool event")
    assert recorder.bodies(POOL_EVENT)[0]["grantedFlavours"] == [
        {"flavourId": "fl-small", "numFlavour": 4}
    ]
    # The zone is full: a pool that needs at least one flavour is refused.
    r = await create(http, s, pool_body(recorder, name="pool_beta", numFlavour=1))
    assert r.status_code == 422
    assert_conforms(r, "CreateResourcePools")
    assert r.json()["cause"] == "INSUFFICIENT_CAPACITY"
    assert r.json()["invalidParams"][0]["param"] == "resRequest.flavours.0.minNumOfFlavours"


async def test_create_errors(http: httpx.AsyncClient, s: Setup, recorder: Recorder) -> None:
    body = pool_body(recorder)
    del body["resRequest"]["reserveDuration"]
    r = await create(http, s, body)
    assert r.status_code == 400
    assert_conforms(r, "CreateResourcePools")
    assert [p["param"] for p in r.json()["invalidParams"]] == ["resRequest.reserveDuration"]
    r = await create(http, s, pool_body(recorder, name="x"))
    assert r.status_code == 400
    assert r.json()["invalidParams"][0]["param"] == "resRequest.poolName"
    r = await create(http, s, pool_body(recorder, numFlavour=1, minNumOfFlavours=2))
    assert r.status_code == 400
    r = await http.post(
        s.url(paths.resource_pools(s.ctx, "zone-1", "x")),
        json=pool_body(recorder),
        headers=s.headers,
    )
    assert r.status_code == 400
    assert r.json()["invalidParams"][0]["param"] == "path.appProviderId"
    r = await http.post(pools_url(s), json=pool_body(recorder))
    assert r.status_code == 401
    r = await http.post(
        s.url(paths.resource_pools("no-such-ctx", "zone-1", PROVIDER)),
        json=pool_body(recorder),
        headers=s.headers,
    )
    assert r.status_code == 404
    assert_conforms(r, "CreateResourcePools")
    r = await http.post(pools_url(s, zone="zone-9"), json=pool_body(recorder), headers=s.headers)
    assert r.status_code == 422 and r.json()["cause"] == "UNKNOWN_ZONE"
    r = await create(http, s, pool_body(recorder, flavourId="fl-xlarge"))
    assert r.status_code == 422 and r.json()["cause"] == "UNSUPPORTED_FLAVOUR"
    assert (await create(http, s, pool_body(recorder))).status_code == 200
    r = await create(http, s, pool_body(recorder))
    assert r.status_code == 409
    assert_conforms(r, "CreateResourcePools")
    assert r.json()["cause"] == "POOL_EXISTS"


async def test_update_view_remove_errors(
    http: httpx.AsyncClient, s: Setup, recorder: Recorder
) -> None:
    pool_id = (await create(http, s, pool_body(recorder))).json()["poolId"]
    url = pool_url(s, pool_id)

    async def patch(changes: Any, expect: int, headers: dict[str, str] | None = None) -> Any:
        r = await http.patch(url, json=changes, headers=s.headers if headers is None else headers)
        assert r.status_code == expect, r.text
        assert_conforms(r, "UpdateISVResPool")
        return r.json() if r.content else None

    problem = await patch([{"updateType": "GROW", "flavourId": "fl-small", "count": 3}], 400)
    assert problem["invalidParams"][0]["param"] == "[0].updateType"
    await patch({"updateType": "ADD"}, 400)
    await patch([{"updateType": "ADD", "flavourId": "fl-small", "count": 3}], 401, headers={})
    await patch([{"updateType": "ADD", "flavourId": "fl-small", "count": 1}], 422)
    await patch([{"updateType": "REMOVE", "flavourId": "fl-small", "count": 5}], 422)
    await patch([{"updateType": "REMOVE", "flavourId": "fl-small", "count": 0}], 422)
    await patch([{"updateType": "ADD", "flavourId": "fl-small", "count": 5}], 422)  # 10 CPU
    await patch([{"updateType": "ADD", "flavourId": "fl-nope", "count": 1}], 422)
    await patch([{"updateType": "DURATION", "flavourId": "fl-small", "count": 2}], 400)
    r = await http.patch(pool_url(s, "pool_unknown_1"), json=[], headers=s.headers)
    assert r.status_code == 404
    assert await usage(s.op) == Resources(4, 8192, 40)  # nothing changed

    r = await http.get(pools_url(s, zone="zone-9"), headers=s.headers)
    assert r.status_code == 422
    assert_conforms(r, "ViewISVResPool")
    r = await http.get(pools_url(s), headers={})
    assert r.status_code == 401
    r = await http.get(
        s.url(paths.resource_pools("no-such-ctx", "zone-1", PROVIDER)), headers=s.headers
    )
    assert r.status_code == 404
    r = await http.delete(pool_url(s, "x"), headers=s.headers)
    assert r.status_code == 400


async def test_another_clients_context_is_not_found(
    http: httpx.AsyncClient, start_ops: Any, recorder: Recorder
) -> None:
    other = {"client_id": "other-client", "client_secret": "other-secret", "scopes": ["fed-mgmt"]}
    mine = {"client_id": TEST_CLIENT, "client_secret": TEST_SECRET, "scopes": ["fed-mgmt"]}
    op = await start_ops(clients=[mine, other])
    s = await federation_with_app(http, op)
    pool_id = (await create(http, s, pool_body(recorder))).json()["poolId"]
    theirs = await headers_for(http, op.url, "other-client", "other-secret")
    for method, url, kw in (
        ("POST", pools_url(s), {"json": pool_body(recorder, name="pool_theirs")}),
        ("GET", pools_url(s), {}),
        ("PATCH", pool_url(s, pool_id), {"json": []}),
        ("DELETE", pool_url(s, pool_id), {}),
    ):
        r = await http.request(method, url, headers=theirs, **kw)
        assert r.status_code == 404, (method, r.text)
        assert pool_id not in r.text.split('"instance"')[0]
    assert len((await http.get(pools_url(s), headers=s.headers)).json()) == 1


async def test_pools_and_instances_share_the_zone(
    http: httpx.AsyncClient, s: Setup, recorder: Recorder
) -> None:
    pool_id = (await create(http, s, pool_body(recorder, numFlavour=2))).json()["poolId"]
    url = s.url(paths.lcm(s.ctx))

    async def install(**zone_info: Any) -> str:
        body = install_body(recorder.url + INST_EVENT, **zone_info)
        r = await http.post(url, json=body, headers=s.headers)
        assert r.status_code == 202, r.text
        return str(r.json()["appInstIdentifier"])

    def final(instance: str) -> str | None:
        found = [
            b["appInstanceInfo"]["appInstanceState"]
            for b in recorder.bodies(INST_EVENT)
            if b["appInstIdentifier"] == instance
            and b["appInstanceInfo"]["appInstanceState"] in ("READY", "FAILED")
        ]
        return found[-1] if found else None

    in_pool = [await install(resPool=pool_id), await install(resPool=pool_id)]
    full_pool = await install(resPool=pool_id)
    # 4 of 8 CPUs are reserved by the pool; the rest takes two instances outside it.
    outside = [await install(), await install()]
    no_room = await install()
    shall = await install(resourceConsumption="RESERVED_RES_SHALL")
    for inst in [*in_pool, *outside]:
        await wait_for(lambda i=inst: final(i) == "READY", what="READY")
    for inst in (full_pool, no_room, shall):
        await wait_for(lambda i=inst: final(i) == "FAILED", what="FAILED")
    assert await usage(s.op) == Resources(8, 16384, 80)

    r = await http.delete(pool_url(s, pool_id), headers=s.headers)
    assert r.status_code == 409 and r.json()["cause"] == "POOL_IN_USE"
    r = await http.patch(
        pool_url(s, pool_id),
        json=[{"updateType": "REMOVE", "flavourId": "fl-small", "count": 1}],
        headers=s.headers,
    )
    assert r.status_code == 422 and r.json()["cause"] == "POOL_IN_USE"
    r = await http.post(
        url,
        json=install_body(recorder.url + INST_EVENT, resPool="pool_unknown_1"),
        headers=s.headers,
    )
    assert r.status_code == 422 and r.json()["cause"] == "UNKNOWN_POOL"
    r = await http.post(
        url,
        json=install_body(
            recorder.url + INST_EVENT, resPool=pool_id, resourceConsumption="RESERVED_RES_FORBID"
        ),
        headers=s.headers,
    )
    assert r.status_code == 422


async def test_every_advertised_flavour_is_accepted(
    http: httpx.AsyncClient, s: Setup, recorder: Recorder
) -> None:
    """One source of flavours: each id GetZoneData advertises is one CreateResourcePools and
    InstallApp accept (never 422 UNSUPPORTED_FLAVOUR)."""
    zone = await http.get(s.url(paths.zone(s.ctx, "zone-1")), headers=s.headers)
    assert zone.status_code == 200, zone.text
    advertised = [f["flavourId"] for f in zone.json()["flavoursSupported"]]
    assert advertised
    for n, flavour in enumerate(advertised):
        body = pool_body(recorder, name=f"pool_{n:04d}_x", flavourId=flavour, numFlavour=1)
        response = await create(http, s, body)
        assert response.status_code == 200, (flavour, response.text)
        removed = await http.delete(pool_url(s, response.json()["poolId"]), headers=s.headers)
        assert removed.status_code == 200, removed.text
    for flavour in advertised:
        installed = await http.post(
            s.url(paths.lcm(s.ctx)),
            json=install_body(recorder.url + INST_EVENT, flavourId=flavour),
            headers=s.headers,
        )
        assert installed.status_code == 202, (flavour, installed.text)
