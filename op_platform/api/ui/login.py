"""Logging a browser in to the page: it cannot send the admin bearer token on a plain
navigation, so it shows the token once and gets a cookie.

- ``POST /ui/login`` (the page's form, ``token=<admin_token>``) or ``GET /ui/?token=<admin_token>``
  once: when the token is right, the answer sets the cookie and sends the browser to ``/ui/``.
- The cookie (``op_ui_<operator id>``, as OPs on one host share cookies across ports) holds an
  expiry and an HMAC-SHA256 of it keyed with ``admin_token``: HttpOnly, SameSite=Strict,
  Path=/ui, Secure over HTTPS, valid ``SESSION_SECONDS``. Changing the token ends every session.
  Tokens and signatures are compared in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import time

from aiohttp import web

from op_platform import roots
from op_platform.api.admin.routes import bearer_matches
from op_platform.api.context import platform

SESSION_SECONDS = 12 * 3600
PAGE = roots.UI + "/"
FAILED = PAGE + "?login=failed"


def cookie_name(operator_id: str) -> str:
    return "op_ui_" + re.sub(r"[^A-Za-z0-9_]", "_", operator_id)


def _signature(token: str, operator_id: str, expires: int) -> str:
    message = f"op-ui|{operator_id}|{expires}".encode()
    return hmac.new(token.encode(), message, hashlib.sha256).hexdigest()


def session_value(token: str, operator_id: str, now: float | None = None) -> str:
    expires = int(now if now is not None else time.time()) + SESSION_SECONDS
    return f"{expires}.{_signature(token, operator_id, expires)}"


def cookie_matches(request: web.Request, token: str) -> bool:
    """The request carries an unexpired session cookie signed with ``token``."""
    operator_id = platform(request).settings.operator_id
    expires, _, signature = request.cookies.get(cookie_name(operator_id), "").partition(".")
    if not expires.isdigit() or int(expires) < time.time():
        return False
    expected = _signature(token, operator_id, int(expires))
    return hmac.compare_digest(signature.encode(), expected.encode())


def knows_token(request: web.Request, token: str) -> bool:
    """The page's proof: the admin bearer token, as on ``/admin``, or the session cookie."""
    return bearer_matches(request, token) or cookie_matches(request, token)


def _token_is(request: web.Request, given: str) -> bool:
    token = platform(request).settings.admin_token
    return token is not None and hmac.compare_digest(
        given.encode(), token.get_secret_value().encode()
    )


def see_other(location: str) -> web.Response:
    return web.Response(status=303, headers={"Location": location, "Cache-Control": "no-store"})


def signed_in(request: web.Request) -> web.Response:
    """To the page, with the session cookie set."""
    settings = platform(request).settings
    assert settings.admin_token is not None
    response = see_other(PAGE)
    response.set_cookie(
        cookie_name(settings.operator_id),
        session_value(settings.admin_token.get_secret_value(), settings.operator_id),
        max_age=SESSION_SECONDS,
        path=roots.UI,
        httponly=True,
        samesite="Strict",
        secure=request.secure,
    )
    return response


def from_query(request: web.Request) -> web.Response | None:
    """``?token=`` on the page: log in and drop the token from the address."""
    given = request.query.get("token")
    if given is None:
        return None
    if platform(request).settings.admin_token is None:
        return see_other(PAGE)
    return signed_in(request) if _token_is(request, given) else see_other(FAILED)


async def login(request: web.Request) -> web.Response:
    """The page's login form (``application/x-www-form-urlencoded``, field ``token``)."""
    if platform(request).settings.admin_token is None:
        return see_other(PAGE)
    given = (await request.post()).get("token")
    if isinstance(given, str) and _token_is(request, given):
        return signed_in(request)
    return see_other(FAILED)
