"""Route table of the uni interface.

Simple Edge Discovery needs an access token with ``simple-edge-discovery:read``; the client
extension routes are exempt from it: registration is open and the instance lookup checks the
session token itself.
"""

from __future__ import annotations

from aiohttp import web

from op_platform.api.bearer_auth import Handler, require_scopes, route_name
from op_platform.api.routing import Route, add_routes
from op_platform.api.uni import handlers

SCOPES = {"readClosestEdgeCloudZone": "simple-edge-discovery:read"}
SESSION_ROUTES = frozenset({"registerClient", "findNearestAppInstance"})


def _scopes(request: web.Request) -> str | None:
    return SCOPES.get(route_name(request))


def _access_tokens() -> object:
    checked = require_scopes(_scopes)

    @web.middleware
    async def authenticate(request: web.Request, handler: Handler) -> web.StreamResponse:
        if route_name(request) in SESSION_ROUTES:
            return await handler(request)
        return await checked(request, handler)

    return authenticate


ROUTES = (
    Route(
        "POST",
        "/retrieve-closest-edge-cloud-zone",
        handlers.read_closest_edge_cloud_zone,
        "readClosestEdgeCloudZone",
    ),
    Route("POST", "/clients/register", handlers.register_client, "registerClient"),
    Route(
        "POST",
        "/app-instances/nearest",
        handlers.find_nearest_app_instance,
        "findNearestAppInstance",
    ),
)


def setup(app: web.Application) -> None:
    """Add this interface's routes; operations of its spec not routed here answer 501."""
    app.middlewares.append(_access_tokens())  # type: ignore[arg-type]
    add_routes(app, ROUTES)
