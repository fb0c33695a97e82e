"""CAMARA Traffic Influence handlers: parse, call the service in the request's one transaction,
render."""

from __future__ import annotations

from aiohttp import web
from sqlmodel.ext.asyncio.session import AsyncSession

from op_platform import roots
from op_platform.api.body import json_response, parse_body
from op_platform.api.context import platform, session
from op_platform.api.principal import principal
from op_platform.models.traffic_influence import PostTrafficInfluence, PostTrafficInfluenceDevice
from op_platform.services.network import camara_traffic as traffic
from op_platform.services.network.nef_target import NefTarget
from op_platform.services.provider_ids import optional_uuid
from op_platform.settings import Settings


async def _changer(request: web.Request) -> tuple[AsyncSession, Settings, NefTarget, str]:
    """What every call that changes a traffic influence takes first: the request's transaction,
    the settings, this OP's NEF and the caller."""
    found = platform(request)
    return await session(request), found.settings, found.deps.nef(), principal(request).client_id


async def _create(request: web.Request, for_device: bool) -> web.Response:
    model = PostTrafficInfluenceDevice if for_device else PostTrafficInfluence
    parsed = await parse_body(request, model)
    body = PostTrafficInfluenceDevice.model_validate(parsed.model_dump())
    created = await traffic.create(*await _changer(request), body, for_device=for_device)
    location = f"{roots.TRAFFIC_INFLUENCE}/traffic-influences/{created.trafficInfluenceID}"
    return json_response(created, status=201, headers={"Location": location})


async def post_traffic_influence(request: web.Request) -> web.Response:
    return await _create(request, for_device=False)


async def post_traffic_influence_device(request: web.Request) -> web.Response:
    return await _create(request, for_device=True)


async def list_traffic_influences(request: web.Request) -> web.Response:
    app_id = optional_uuid(request.query.get("appId"), "appId")
    owner = principal(request).client_id
    return json_response(await traffic.list_of(await session(request), owner, app_id))


async def get_traffic_influence(request: web.Request) -> web.Response:
    owner = principal(request).client_id
    row = await traffic.owned(
        await session(request), owner, request.match_info["trafficInfluenceID"]
    )
    return json_response(traffic.view(row))


async def patch_traffic_influence(request: web.Request) -> web.Response:
    parsed = await parse_body(request, PostTrafficInfluenceDevice)
    ti_id = request.match_info["trafficInfluenceID"]
    changed = await traffic.patch(*await _changer(request), ti_id, parsed)
    return json_response(changed)


async def delete_traffic_influence(request: web.Request) -> web.Response:
    await traffic.delete(*await _changer(request), request.match_info["trafficInfluenceID"])
    return web.Response(status=202)
