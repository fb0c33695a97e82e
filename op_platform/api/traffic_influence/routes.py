"""Route table of CAMARA Traffic Influence; each operation asks for its CAMARA scope."""

from __future__ import annotations

from aiohttp import web

from op_platform.api.bearer_auth import require_scopes, route_name
from op_platform.api.routing import Route, add_routes
from op_platform.api.traffic_influence import handlers as h

PREFIX = "traffic-influence:"
SCOPES = {
    "getTrafficInfluence": PREFIX + "traffic-influences:read",
    "postTrafficInfluence": PREFIX + "traffic-influences:write",
    "postTrafficInfluenceDevice": PREFIX + "traffic-influence-devices:write",
    "getAllTrafficInfluences": PREFIX + "traffic-influences:read",
    "patchTrafficInfluence": PREFIX + "traffic-influences:update",
    "deleteTrafficInfluence": PREFIX + "traffic-influences:delete",
}

ROUTES = (
    Route("GET", "/traffic-influences", h.list_traffic_influences, "getTrafficInfluence"),
    Route("POST", "/traffic-influences", h.post_traffic_influence, "postTrafficInfluence"),
    Route(
        "POST",
        "/traffic-influence-devices",
        h.post_traffic_influence_device,
        "postTrafficInfluenceDevice",
    ),
    Route(
        "GET",
        "/traffic-influences/{trafficInfluenceID}",
        h.get_traffic_influence,
        "getAllTrafficInfluences",
    ),
    Route(
        "PATCH",
        "/traffic-influences/{trafficInfluenceID}",
        h.patch_traffic_influence,
        "patchTrafficInfluence",
    ),
    Route(
        "DELETE",
        "/traffic-influences/{trafficInfluenceID}",
        h.delete_traffic_influence,
        "deleteTrafficInfluence",
    ),
)


def scope_of(request: web.Request) -> str | None:
    return SCOPES.get(route_name(request))


def setup(app: web.Application) -> None:
    """Add this interface's routes; operations of its spec not routed here answer 501."""
    app.middlewares.append(require_scopes(scope_of))
    add_routes(app, ROUTES)
