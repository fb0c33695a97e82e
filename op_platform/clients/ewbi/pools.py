"""ISV resource pool calls to a partner OP: CreateResourcePools, ViewISVResPool,
UpdateISVResPool, RemoveISVResPool. Grants arrive at ``resourceReservationCallbackLink``."""

from __future__ import annotations

from op_platform.clients.ewbi.base import EwbiClient, wire
from op_platform.models.ewbi import paths
from op_platform.models.ewbi.pools import (
    CreateResourcePoolsRequest,
    CreateResourcePoolsResponse,
    ResourcePools,
    UpdateISVResPoolRequest,
)


async def create_resource_pools(
    client: EwbiClient,
    federation_context_id: str,
    zone_id: str,
    app_provider_id: str,
    body: CreateResourcePoolsRequest,
) -> CreateResourcePoolsResponse:
    path = paths.resource_pools(federation_context_id, zone_id, app_provider_id)
    response = await client.request("POST", path, json=wire(body))
    return client.parse(response, CreateResourcePoolsResponse)


async def view_isv_res_pool(
    client: EwbiClient, federation_context_id: str, zone_id: str, app_provider_id: str
) -> ResourcePools:
    path = paths.resource_pools(federation_context_id, zone_id, app_provider_id)
    return client.parse(await client.request("GET", path), ResourcePools)


async def update_isv_res_pool(
    client: EwbiClient,
    federation_context_id: str,
    zone_id: str,
    app_provider_id: str,
    pool_id: str,
    body: UpdateISVResPoolRequest,
) -> None:
    path = paths.resource_pool(federation_context_id, zone_id, app_provider_id, pool_id)
    await client.request("PATCH", path, json=wire(body))


async def remove_isv_res_pool(
    client: EwbiClient, federation_context_id: str, zone_id: str, app_provider_id: str, pool_id: str
) -> None:
    path = paths.resource_pool(federation_context_id, zone_id, app_provider_id, pool_id)
    await client.request("DELETE", path)
