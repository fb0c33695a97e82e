"""Route table of CAMARA Quality-on-Demand; each operation asks for the CAMARA scope of its row."""

from __future__ import annotations

from op_platform.api.bearer_auth import scoped_setup
from op_platform.api.qod import handlers as h
from op_platform.api.routing import Route

PREFIX = "quality-on-demand:sessions:"

ROUTES = (
    Route("POST", "/sessions", h.create_session, "createSession", PREFIX + "create"),
    Route("GET", "/sessions/{sessionId}", h.get_session, "getSession", PREFIX + "read"),
    Route("DELETE", "/sessions/{sessionId}", h.delete_session, "deleteSession", PREFIX + "delete"),
    Route(
        "POST",
        "/sessions/{sessionId}/extend",
        h.extend_session,
        "extendQosSessionDuration",
        PREFIX + "update",
    ),
    Route(
        "POST",
        "/retrieve-sessions",
        h.retrieve_sessions,
        "retrieveSessionsByDevice",
        PREFIX + "retrieve-by-device",
    ),
)

setup = scoped_setup(ROUTES)
