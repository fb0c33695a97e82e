"""Quality-on-Demand handlers: parse, call the service, render.

Create owns its transactions (it stores the session before the NEF is asked, so that the
NEF's first events find it); the others use the request's unit of work.
"""

from __future__ import annotations

from aiohttp import web

from op_platform.api.body import json_response, parse_body
from op_platform.api.context import platform, session
from op_platform.api.principal import principal
from op_platform.models.qod import CreateSession, ExtendSessionDuration, RetrieveSessionsInput
from op_platform.services.network import qos_sessions as sessions
from op_platform.services.network.qos_status import info
from op_platform.services.provider_ids import path_uuid


def _session_id(request: web.Request) -> str:
    return path_uuid(request.match_info["sessionId"], "sessionId")


async def create_session(request: web.Request) -> web.Response:
    body = await parse_body(request, CreateSession)
    created = await sessions.create(platform(request).deps, principal(request).client_id, body)
    return json_response(created, status=201)


async def get_session(request: web.Request) -> web.Response:
    owner = principal(request).client_id
    row = await sessions.owned(await session(request), owner, _session_id(request))
    return json_response(info(row))


async def delete_session(request: web.Request) -> web.Response:
    found = platform(request)
    owner = principal(request).client_id
    await sessions.delete(
        await session(request), found.settings, found.deps, owner, _session_id(request)
    )
    return web.Response(status=204)


async def extend_session(request: web.Request) -> web.Response:
    session_id = _session_id(request)
    body = await parse_body(request, ExtendSessionDuration)
    extended = await sessions.extend(
        await session(request),
        platform(request).settings,
        principal(request).client_id,
        session_id,
        body.requestedAdditionalDuration,
    )
    return json_response(extended)


async def retrieve_sessions(request: web.Request) -> web.Response:
    body = await parse_body(request, RetrieveSessionsInput)
    owner = principal(request).client_id
    return json_response(await sessions.of_device(await session(request), owner, body.device))
