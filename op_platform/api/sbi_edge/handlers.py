"""The receiver of edge site events: the gateway proves it is the site's with the bearer token
the OP gave it in its subscription (``security/edge_events.py``); the event only tells the
site's watcher which nodes to read again, so nothing here touches the database."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from op_platform.api.bearer_auth import bearer_of
from op_platform.api.body import read_json
from op_platform.api.context import platform
from op_platform.errors import InvalidInput, Unauthenticated
from op_platform.security.edge_events import token_matches

CHALLENGE = {"WWW-Authenticate": 'Bearer realm="edge-site-events"'}


async def receive_event(request: web.Request) -> web.Response:
    running = platform(request)
    site_id = request.match_info["siteId"]
    given = bearer_of(request.headers.get("Authorization"))
    if not token_matches(running.settings, site_id, given):
        raise Unauthenticated("this site's event token is required", headers=CHALLENGE)
    body: Any = await read_json(request)
    if not isinstance(body, dict) or not isinstance(body.get("Events"), list):
        raise InvalidInput(
            "the body must be a Redfish Event with an Events array",
            params=[("Events", "required array")],
        )
    running.edge.get(site_id).received(body)
    return web.Response(status=204)
