"""EWBI ResourceManagement (ISV resource pool) handlers: CreateResourcePools, ViewISVResPool,
UpdateISVResPool, RemoveISVResPool."""

from __future__ import annotations

from aiohttp import web

from op_platform.api.body import json_response, parse_body, parse_body_as, parse_params
from op_platform.api.context import platform
from op_platform.api.ewbi.access import owned_context
from op_platform.models.ewbi.base import EwbiModel
from op_platform.models.ewbi.ids import AppProviderId, PoolId, ZoneIdentifier
from op_platform.models.ewbi.pools import CreateResourcePoolsRequest, PoolUpdate
from op_platform.services.instances import resource_pools as service


class PoolsPath(EwbiModel):
    zoneId: ZoneIdentifier
    appProviderId: AppProviderId


class PoolPath(PoolsPath):
    poolId: PoolId


async def create_resource_pools(request: web.Request) -> web.Response:
    path = parse_params(request.match_info, PoolsPath, "path")
    body = await parse_body(request, CreateResourcePoolsRequest)
    db, federation = await owned_context(request)
    settings = platform(request).settings
    answer = await service.create_pool(
        db, settings, federation, path.zoneId, path.appProviderId, body
    )
    return json_response(answer)


async def view_isv_res_pool(request: web.Request) -> web.Response:
    path = parse_params(request.match_info, PoolsPath, "path")
    db, federation = await owned_context(request)
    answer = await service.view_pools(db, federation, path.zoneId, path.appProviderId)
    return json_response([item.wire() for item in answer])


async def update_isv_res_pool(request: web.Request) -> web.Response:
    path = parse_params(request.match_info, PoolPath, "path")
    updates: list[PoolUpdate] = await parse_body_as(request, list[PoolUpdate])
    db, federation = await owned_context(request)
    await service.update_pool(db, federation, path.zoneId, path.appProviderId, path.poolId, updates)
    return web.Response(status=200)


async def remove_isv_res_pool(request: web.Request) -> web.Response:
    path = parse_params(request.match_info, PoolPath, "path")
    db, federation = await owned_context(request)
    await service.remove_pool(db, federation, path.zoneId, path.appProviderId, path.poolId)
    return web.Response(status=200)
