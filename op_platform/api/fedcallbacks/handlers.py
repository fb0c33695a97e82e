"""Receivers of the five EWBI callbacks: parse, apply to this OP's record of the partner, answer.

The caller is authenticated by the bearer-token middleware; ``services.ewbi.events`` checks that
it is the partner of the federation named in the body (404 otherwise) and tells the OP's
listeners, in the request's one transaction.
"""

from __future__ import annotations

from aiohttp import web
from pydantic import BaseModel

from op_platform.api.body import parse_body
from op_platform.api.context import platform, session
from op_platform.api.principal import principal
from op_platform.api.routing import Handler
from op_platform.services.federation import received_callbacks as events


def receiver(kind: str, model: type[BaseModel], status: int) -> Handler:
    """The handler of one callback: its event kind, body model and success status."""

    async def handle(request: web.Request) -> web.Response:
        body = await parse_body(request, model)
        client_id = principal(request).client_id
        listeners = platform(request).listeners
        await events.receive(await session(request), listeners, kind, client_id, body)
        return web.Response(status=status)

    return handle
