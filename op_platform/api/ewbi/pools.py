"""EWBI ISV resource pool handlers: CreateResourcePools, ViewISVResPool, UpdateISVResPool,
RemoveISVResPool."""

from __future__ import annotations

from aiohttp import web

from op_platform.api.body import json_response, parse_body, parse_body_as, parse_params
from op_platform.api.ewbi.federation import owned
from op_platform.api.periodic import periodic
from op_platform.keys import DATABASE
from op_platform.models.ewbi import paths
from op_platform.models.ewbi.base import EwbiModel
from op_platform.models.ewbi.ids import AppProviderId, PoolId, ZoneIdentifier
from op_platform.models.ewbi.pools import CreateResourcePoolsRequest, PoolUpdate
from op_platform.services.ewbi import pools as service
from op_platform.services.ewbi.pool_expiry import end_reservations


class PoolsPath(EwbiModel):
    zoneId: ZoneIdentifier
    appProviderId: AppProviderId


class PoolPath(PoolsPath):
    poolId: PoolId


async def create_resource_pools(request: web.Request) -> web.Response:
    path = parse_params(request.match_info, PoolsPath, "path")
    body = await parse_body(request, CreateResourcePoolsRequest)
    async with request.config_dict[DATABASE].transaction() as session:
        federation = await owned(request, session)
        answer = await service.create_pool(
            session, federation, path.zoneId, path.appProviderId, body
        )
    return json_response(answer)


async def view_isv_res_pool(request: web.Request) -> web.Response:
    path = parse_params(request.match_info, PoolsPath, "path")
    async with request.config_dict[DATABASE].transaction() as session:
        federation = await owned(request, session)
        answer = await service.view_pools(session, federation, path.zoneId, path.appProviderId)
    return json_response([item.wire() for item in answer])


async def update_isv_res_pool(request: web.Request) -> web.Response:
    path = parse_params(request.match_info, PoolPath, "path")
    updates: list[PoolUpdate] = await parse_body_as(request, list[PoolUpdate])
    async with request.config_dict[DATABASE].transaction() as session:
        federation = await owned(request, session)
        await service.update_pool(
            session, federation, path.zoneId, path.appProviderId, path.poolId, updates
        )
    return web.Response(status=200)


async def remove_isv_res_pool(request: web.Request) -> web.Response:
    path = parse_params(request.match_info, PoolPath, "path")
    async with request.config_dict[DATABASE].transaction() as session:
        federation = await owned(request, session)
        await service.remove_pool(session, federation, path.zoneId, path.appProviderId, path.poolId)
    return web.Response(status=200)


def add_routes(app: web.Application) -> None:
    router = app.router
    router.add_post(paths.CREATE_RESOURCE_POOLS, create_resource_pools, name="CreateResourcePools")
    router.add_get(paths.VIEW_ISV_RES_POOL, view_isv_res_pool, name="ViewISVResPool")
    router.add_patch(paths.UPDATE_ISV_RES_POOL, update_isv_res_pool, name="UpdateISVResPool")
    router.add_delete(paths.REMOVE_ISV_RES_POOL, remove_isv_res_pool, name="RemoveISVResPool")


pool_reservations = periodic(
    "ending pool reservations",
    end_reservations,
    interval=lambda settings: settings.instances.pool_check_interval,
    enabled=lambda settings: settings.instances.enabled,
)
"""cleanup_ctx entry (after the database and the outbox): ends the reservations of pools whose
``reserveDuration`` is over, every ``instances.pool_check_interval`` seconds."""
