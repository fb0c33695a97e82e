"""Route table of CAMARA Quality-on-Demand; each operation asks for its CAMARA scope."""

from __future__ import annotations

from op_platform.api.bearer_auth import scoped_setup
from op_platform.api.qod import handlers as h
from op_platform.api.routing import Route

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

setup = scoped_setup(SCOPES, ROUTES)
