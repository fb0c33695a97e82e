"""OAuth2 client credentials for the AFs (RFC 6749 section 4.4) and the bearer check.

``POST /oauth2/token`` takes ``grant_type=client_credentials`` with the client's id and secret in
HTTP Basic or in the form (``client_id``/``client_secret``) and issues an opaque random token
kept in memory until it expires. Every northbound API call needs one (401 ProblemDetails with
``WWW-Authenticate: Bearer`` otherwise), and the ``{afId}``/``{scsAsId}`` of the path must be
the token's client (403 otherwise). A restart forgets tokens; the AF fetches a new one on 401.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import secrets
import time
from collections.abc import Callable
from typing import Any

from aiohttp import web

from mec_mocks.common.http import Handler
from mec_mocks.nef.paths import OWNER_PARAMS, is_api
from mec_mocks.nef.problems import NefProblem

AF_ID = web.RequestKey("nef_af_id", str)  # the authenticated client (AF) id


class TokenError(Exception):
    def __init__(self, status: int, error: str, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.error = error
        self.description = description


class Tokens:
    def __init__(
        self,
        clients: dict[str, str],
        lifetime: int,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.clients = clients
        self.lifetime = lifetime
        self.clock = clock
        self._issued: dict[str, tuple[str, float]] = {}

    def issue(self, form: dict[str, str], authorization: str | None) -> dict[str, Any]:
        """A token response for a valid client-credentials request (TokenError otherwise)."""
        client_id, secret = _credentials(form, authorization)
        expected = self.clients.get(client_id)
        if expected is None or not hmac.compare_digest(expected, secret):
            raise TokenError(401, "invalid_client", "unknown client or wrong secret")
        if form.get("grant_type") != "client_credentials":
            raise TokenError(
                400, "unsupported_grant_type", "only grant_type=client_credentials is supported"
            )
        self._expire()
        token = secrets.token_urlsafe(32)
        self._issued[token] = (client_id, self.clock() + self.lifetime)
        body: dict[str, Any] = {
            "access_token": token,
            "token_type": "Bearer",
            "expires_in": self.lifetime,
        }
        if form.get("scope"):
            body["scope"] = form["scope"]
        return body

    def client_of(self, token: str) -> str | None:
        entry = self._issued.get(token)
        if entry is None or entry[1] <= self.clock():
            return None
        return entry[0]

    def _expire(self) -> None:
        now = self.clock()
        for token in [t for t, (_, exp) in self._issued.items() if exp <= now]:
            del self._issued[token]


def _credentials(form: dict[str, str], authorization: str | None) -> tuple[str, str]:
    if authorization and authorization.lower().startswith("basic "):
        try:
            raw = base64.b64decode(authorization[6:].strip(), validate=True).decode()
        except (binascii.Error, UnicodeDecodeError):
            raise TokenError(401, "invalid_client", "malformed Basic credentials") from None
        client_id, found, secret = raw.partition(":")
        if found:
            return client_id, secret
        raise TokenError(401, "invalid_client", "malformed Basic credentials")
    if form.get("client_id") and "client_secret" in form:
        return form["client_id"], form["client_secret"]
    raise TokenError(401, "invalid_client", "client credentials are missing")


def token_handler(tokens: Tokens) -> Handler:
    async def handle(request: web.Request) -> web.Response:
        headers = {"Cache-Control": "no-store", "Pragma": "no-cache"}
        if request.content_type != "application/x-www-form-urlencoded":
            body = {"error": "invalid_request", "error_description": "use a form body"}
            return web.json_response(body, status=400, headers=headers)
        form = {k: str(v) for k, v in (await request.post()).items()}
        try:
            return web.json_response(
                tokens.issue(form, request.headers.get("Authorization")), headers=headers
            )
        except TokenError as exc:
            if exc.status == 401:
                headers["WWW-Authenticate"] = 'Basic realm="nef"'
            body = {"error": exc.error, "error_description": exc.description}
            return web.json_response(body, status=exc.status, headers=headers)

    return handle


def auth_middleware(tokens: Tokens) -> Any:
    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        if not is_api(request.path):
            return await handler(request)
        header = request.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        client = tokens.client_of(token.strip()) if scheme.lower() == "bearer" else None
        if client is None:
            reason = "missing" if not header else "invalid or expired"
            raise NefProblem(
                401,
                f"the bearer access token is {reason}; get one at /oauth2/token",
                headers={"WWW-Authenticate": 'Bearer realm="nef", error="invalid_token"'},
            )
        for name in OWNER_PARAMS:
            owner = request.match_info.get(name)
            if owner is not None and owner != client:
                raise NefProblem(
                    403,
                    f"{name} {owner!r} is not the client of this access token",
                    cause="REQUESTED_SERVICE_NOT_AUTHORIZED",
                    params=[(name, "must be the AF the access token was issued to")],
                )
        request[AF_ID] = client
        return await handler(request)

    return middleware
