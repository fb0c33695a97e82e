"""EWBI client: ISV resource pool calls (paths, bodies, answers, partner errors)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from op_platform.clients.ewbi import calls
from op_platform.models.ewbi import paths
from op_platform.models.ewbi.pools import CreateResourcePoolsRequest, UpdateISVResPoolRequest
from tests.helpers.ewbi_client import Peer, expect_peer_error, sent

CTX = "ctx-1"
ZONE = "zone-1"
PROVIDER = "provider_one"
POOL = "pool_0001"
CREATE = CreateResourcePoolsRequest.model_validate(
    {
        "resRequest": {
            "poolName": "pool_alpha",
            "flavours": [{"flavourId": "fl-small", "numFlavour": 2}],
            "reserveDuration": {"numOfDays": 7},
        },
        "resourceReservationCallbackLink": "http://127.0.0.1:1/cb/onResourceStatusChangeEvent",
    }
)
UPDATE = UpdateISVResPoolRequest.model_validate(
    [{"updateType": "ADD", "flavourId": "fl-small", "count": 3}]
)


async def test_create_view_update_and_remove() -> None:
    peer = Peer()
    pools_path = paths.resource_pools(CTX, ZONE, PROVIDER)
    pool_path = paths.resource_pool(CTX, ZONE, PROVIDER, POOL)
    peer.answer("POST", pools_path, 200, {"poolName": "pool_alpha", "poolId": POOL})
    peer.answer(
        "GET",
        pools_path,
        200,
        [
            {
                "poolName": "pool_alpha",
                "reservedPoolId": POOL,
                "reservedFlavours": [{"flavourId": "fl-small", "count": 2}],
                "reservationTime": "2024-01-01T00:00:00Z",
            }
        ],
    )
    peer.answer("PATCH", pool_path, 200)
    peer.answer("DELETE", pool_path, 200)
    client = peer.client()

    created = await client.send(calls.create_resource_pools(CTX, ZONE, PROVIDER, CREATE))
    assert created.poolId == POOL
    assert sent(peer.last) == (
        "POST",
        f"/{CTX}/isv/resource/zone/{ZONE}/appProvider/{PROVIDER}",
        CREATE.wire(),
    )
    viewed = await client.send(calls.view_isv_res_pool(CTX, ZONE, PROVIDER))
    assert [(p.reservedPoolId, p.reservedFlavours[0].count) for p in viewed.root] == [(POOL, 2)]
    assert viewed.root[0].reservationTime == datetime(2024, 1, 1, tzinfo=UTC)
    await client.send(calls.update_isv_res_pool(CTX, ZONE, PROVIDER, POOL, UPDATE))
    assert sent(peer.last) == (
        "PATCH",
        f"/{CTX}/isv/resource/zone/{ZONE}/appProvider/{PROVIDER}/pool/{POOL}",
        [{"updateType": "ADD", "flavourId": "fl-small", "count": 3}],
    )
    await client.send(calls.remove_isv_res_pool(CTX, ZONE, PROVIDER, POOL))
    assert sent(peer.last)[0] == "DELETE"


async def test_no_pools_is_an_empty_list() -> None:
    peer = Peer()
    peer.answer("GET", paths.resource_pools(CTX, ZONE, PROVIDER), 200, [])
    assert (await peer.client().send(calls.view_isv_res_pool(CTX, ZONE, PROVIDER))).root == []


Call = Callable[[Any], Awaitable[Any]]
POOLS = paths.resource_pools(CTX, ZONE, PROVIDER)
ONE = paths.resource_pool(CTX, ZONE, PROVIDER, POOL)
CALLS: dict[str, tuple[str, str, Call]] = {
    "CreateResourcePools": (
        "POST",
        POOLS,
        lambda c: c.send(calls.create_resource_pools(CTX, ZONE, PROVIDER, CREATE)),
    ),
    "ViewISVResPool": (
        "GET",
        POOLS,
        lambda c: c.send(calls.view_isv_res_pool(CTX, ZONE, PROVIDER)),
    ),
    "UpdateISVResPool": (
        "PATCH",
        ONE,
        lambda c: c.send(calls.update_isv_res_pool(CTX, ZONE, PROVIDER, POOL, UPDATE)),
    ),
    "RemoveISVResPool": (
        "DELETE",
        ONE,
        lambda c: c.send(calls.remove_isv_res_pool(CTX, ZONE, PROVIDER, POOL)),
    ),
}


@pytest.mark.parametrize("status", [400, 404, 409, 422])
@pytest.mark.parametrize("operation", sorted(CALLS))
async def test_partner_errors_carry_its_problem(operation: str, status: int) -> None:
    peer = Peer()
    method, path, call = CALLS[operation]
    client = peer.client()
    await expect_peer_error(peer, method, path, status, lambda: call(client))
