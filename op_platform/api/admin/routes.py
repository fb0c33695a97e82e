"""The ``/admin`` sub-application: its route table and its access rule.

With ``admin_token`` set, every request must carry ``Authorization: Bearer <admin_token>``
(compared in constant time); otherwise it gets 401. Without ``admin_token``, loopback peers
(127.0.0.0/8, ::1) are served only when the listener itself is bound to loopback and no proxy
stands in front of it (``security.behind_proxy``): behind a proxy, or on a listener others can
reach, every caller could look like loopback, so everyone gets 403 until a token is set.
"""

from __future__ import annotations

import hmac
import ipaddress
from collections.abc import Callable

from aiohttp import web
from aiohttp.typedefs import Middleware

from op_platform import roots
from op_platform.api.admin import handlers as h
from op_platform.api.bearer_auth import bearer_of
from op_platform.api.context import platform
from op_platform.api.routing import Handler, Route, add_routes
from op_platform.errors import PermissionDenied, Unauthenticated

CHALLENGE = {"WWW-Authenticate": 'Bearer realm="admin"'}

ROUTES = (
    Route("GET", "/outbox", h.list_messages, "admin.listOutboxMessages"),
    Route("GET", "/outbox/{messageId}", h.get_message, "admin.getOutboxMessage"),
    Route("POST", "/outbox/{messageId}/retry", h.retry_message, "admin.retryOutboxMessage"),
    Route("POST", "/federations", h.create, "admin.createFederation"),
    Route("GET", "/federations", h.list_all, "admin.listFederations"),
    Route("GET", "/federations/{ref}", h.show, "admin.getFederation"),
    Route("DELETE", "/federations/{ref}", h.delete, "admin.deleteFederation"),
    Route("POST", "/federations/{ref}/zones", h.subscribe, "admin.subscribeFederationZones"),
    Route("GET", "/operations", h.list_operations, "listOperations"),
    Route("GET", "/operations/{operationId}", h.get_operation, "getOperation"),
    Route("POST", "/devices", h.register_device, "admin.registerDevice"),
    Route("DELETE", "/devices/{deviceId}", h.remove_device, "admin.removeDevice"),
    Route("GET", "/edge-sites", h.list_edge_sites, "admin.listEdgeSites"),
)


def _is_loopback(peer: str | None) -> bool:
    if not peer:
        return False
    try:
        return ipaddress.ip_address(peer.split("%", 1)[0]).is_loopback
    except ValueError:
        return False


Proof = Callable[[web.Request, str], bool]


def bearer_matches(request: web.Request, token: str) -> bool:
    """The request carries ``Authorization: Bearer <token>`` (compared in constant time)."""
    given = bearer_of(request.headers.get("Authorization")) or ""
    return hmac.compare_digest(given.encode(), token.encode())


def admin_guard(proof: Proof) -> Middleware:
    """The admin access rule (see the module doc) as a middleware; ``proof`` tells whether a
    request shows it knows ``admin_token`` (the page at ``/ui`` also accepts its login cookie)."""

    @web.middleware
    async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
        settings = platform(request).settings
        token = settings.admin_token
        if token is not None:
            if not proof(request, token.get_secret_value()):
                raise Unauthenticated("a valid admin bearer token is required", headers=CHALLENGE)
            return await handler(request)
        local = settings.listen.is_loopback and not settings.security.behind_proxy
        if not (local and _is_loopback(request.remote)):
            raise PermissionDenied(
                "without admin_token the admin API answers loopback peers of a loopback "
                "listener only (not behind a proxy): set admin_token"
            )
        return await handler(request)

    return guard


admin_auth = admin_guard(bearer_matches)


def setup(app: web.Application) -> None:
    """Mount ``/admin`` on the root application."""
    admin = web.Application(middlewares=[admin_auth])
    add_routes(admin, ROUTES)
    app.add_subapp(roots.ADMIN, admin)
