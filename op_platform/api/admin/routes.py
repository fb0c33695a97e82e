"""The ``/admin`` sub-application and its access rule.

With ``admin_token`` set, every request must carry ``Authorization: Bearer <admin_token>``
(compared in constant time); otherwise it gets 401. Without ``admin_token``, only loopback peers
(127.0.0.0/8, ::1) are served and others get 403: set a token before exposing the OP.
"""

from __future__ import annotations

import hmac
import ipaddress

from aiohttp import web

from op_platform.api.admin import devices, federations, operations, outbox
from op_platform.api.middleware import Handler
from op_platform.errors import PermissionDenied, Unauthenticated
from op_platform.keys import SETTINGS

ROOT = "/admin"
CHALLENGE = {"WWW-Authenticate": 'Bearer realm="admin"'}


def _is_loopback(peer: str | None) -> bool:
    if not peer:
        return False
    try:
        return ipaddress.ip_address(peer.split("%", 1)[0]).is_loopback
    except ValueError:
        return False


@web.middleware
async def admin_auth(request: web.Request, handler: Handler) -> web.StreamResponse:
    token = request.config_dict[SETTINGS].admin_token
    if token is None:
        if not _is_loopback(request.remote):
            raise PermissionDenied(
                "the admin API answers loopback peers only when no admin_token is set"
            )
        return await handler(request)
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    expected = token.get_secret_value().encode()
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), expected):
        raise Unauthenticated("a valid admin bearer token is required", headers=CHALLENGE)
    return await handler(request)


def setup(app: web.Application) -> None:
    """Mount ``/admin`` on the root application."""
    admin = web.Application(middlewares=[admin_auth])
    outbox.setup(admin)
    federations.setup(admin)
    operations.setup(admin)
    devices.setup(admin)
    app.add_subapp(ROOT, admin)
