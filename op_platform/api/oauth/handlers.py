"""Token and JWKS handlers: parse, call the security service, render."""

from __future__ import annotations

from aiohttp import web

from op_platform.api.context import platform
from op_platform.api.peer_cert import client_thumbprint
from op_platform.errors import InvalidInput
from op_platform.security.jwt_tokens import format_scopes
from op_platform.security.oauth import client_credentials, oauth_error, revoke_token

FORM = "application/x-www-form-urlencoded"
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


async def token(request: web.Request) -> web.Response:
    if request.content_type != FORM:
        raise oauth_error(InvalidInput, "invalid_request", f"the body must be {FORM}")
    form = await request.post()
    fields = {key: value for key, value in form.items() if isinstance(value, str)}
    running = platform(request)
    bound_to = client_thumbprint(request) if running.settings.security.bind_tokens else None
    issued = await client_credentials(
        running.security, fields, request.headers.get("Authorization"), bound_to
    )
    body = {
        "access_token": issued.access_token,
        "token_type": "Bearer",
        "expires_in": issued.expires_in,
        "scope": format_scopes(issued.scopes),
    }
    return web.json_response(body, headers=NO_STORE)


async def revoke(request: web.Request) -> web.Response:
    """RFC 7009 token revocation: 200 with an empty body once the token is unusable."""
    if request.content_type != FORM:
        raise oauth_error(InvalidInput, "invalid_request", f"the body must be {FORM}")
    form = await request.post()
    fields = {key: value for key, value in form.items() if isinstance(value, str)}
    await revoke_token(platform(request).security, fields, request.headers.get("Authorization"))
    return web.Response(status=200, headers=NO_STORE)


async def jwks(request: web.Request) -> web.Response:
    keys = await platform(request).security.jwks()
    return web.json_response(keys, headers={"Cache-Control": "public, max-age=60"})
