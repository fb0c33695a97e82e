"""Route table of CAMARA Quality-on-Demand; each operation asks for its CAMARA scope."""

from __future__ import annotations

from aiohttp import web

from op_platform.api.bearer_auth import require_scopes, route_name
from op_platform.api.qod import handlers as h
from op_platform.api.routing import Route, add_routes

PREFIX = "quality-on-demand:sessions:"
SCOPES = {
    "createSession": PREFIX + "create",
    "getSession": PREFIX + "read",
    "deleteSession": PREFIX + "delete",
    "extendQosSessionDuration": PREFIX + "update",
    "retrieveSessionsByDevice": PREFIX + "retrieve-by-device",
}
ALL_SCOPES = " ".join(sorted(SCOPES.values()))

ROUTES = (
    Route("POST", "/sessions", h.create_session, "createSession"),
    Route("GET", "/sessions/{sessionId}", h.get_session, "getSession"),
    Route("DELETE", "/sessions/{sessionId}", h.delete_session, "deleteSession"),
    Route("POST", "/sessions/{sessionId}/extend", h.extend_session, "extendQosSessionDuration"),
    Route("POST", "/retrieve-sessions", h.retrieve_sessions, "retrieveSessionsByDevice"),
)


def scope_of(request: web.Request) -> str | None:
    return SCOPES.get(route_name(request))


def setup(app: web.Application) -> None:
    """Add this interface's routes; operations of its spec not routed here answer 501."""
    app.middlewares.append(require_scopes(scope_of))
    add_routes(app, ROUTES)
