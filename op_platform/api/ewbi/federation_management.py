"""EWBI FederationManagement handlers: CreateFederation, GetFederationDetails,
UpdateFederation, DeleteFederationDetails."""

from __future__ import annotations

from aiohttp import web

from op_platform.api.body import json_response, parse_body
from op_platform.api.context import UNIT, platform, session
from op_platform.api.ewbi.access import owned_context
from op_platform.api.principal import principal
from op_platform.models.ewbi.federation import FederationRequestData, UpdateFederationRequest
from op_platform.services.federation import contexts as service


async def create_federation(request: web.Request) -> web.Response:
    body = await parse_body(request, FederationRequestData)
    settings = platform(request).settings
    row, answer = await service.create_federation(
        await session(request), settings, principal(request).client_id, body
    )
    headers = {"Location": service.location(settings, row.federation_context_id)}
    return json_response(answer, 200, headers=headers)


async def get_federation(request: web.Request) -> web.Response:
    db, row = await owned_context(request)
    return json_response(await service.get_federation(db, platform(request).settings, row))


async def update_federation(request: web.Request) -> web.Response:
    body = await parse_body(request, UpdateFederationRequest)
    db, row = await owned_context(request)
    answer = await service.update_federation(db, platform(request).settings, row, body)
    return json_response(answer)


async def delete_federation(request: web.Request) -> web.Response:
    db, row = await owned_context(request)
    await service.delete_federation(db, row)
    settings, ctx = platform(request).settings, row.federation_context_id
    request[UNIT].after_commit(lambda: service.remove_stored(settings, ctx))
    return web.Response(status=200)
