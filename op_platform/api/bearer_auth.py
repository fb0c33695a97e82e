"""Bearer-token middleware for a sub-application.

``require_scopes("fed-mgmt")`` demands that one scope on every route of the sub-app;
``scoped_setup(ROUTES)`` picks the scope per operation from its route row (the CAMARA scopes).
A missing, malformed, expired or foreign token answers 401 with a ``WWW-Authenticate: Bearer``
challenge; a valid token without the scope answers 403.
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable, Collection, Sequence

from aiohttp import web
from aiohttp.typedefs import Middleware
from pydantic import SecretStr

from op_platform.api.context import platform
from op_platform.api.peer_cert import client_thumbprint
from op_platform.api.principal import PRINCIPAL
from op_platform.api.routing import Route, add_routes
from op_platform.errors import PermissionDenied, Unauthenticated
from op_platform.security.jwt_tokens import Principal, format_scopes

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
Required = str | Collection[str] | None
ScopeRule = Required | Callable[[web.Request], Required]

REALM = "op-platform"


def route_name(request: web.Request) -> str:
    """The name of the matched route (its operationId), or "" when unnamed."""
    return request.match_info.route.name or ""


def _as_set(required: Required) -> frozenset[str]:
    if isinstance(required, frozenset):
        return required
    if required is None:
        return frozenset()
    if isinstance(required, str):
        return frozenset(required.split())
    return frozenset(required)


def _challenge(error: str | None = None, description: str | None = None, scope: str = "") -> str:
    parts = [f'realm="{REALM}"']
    if error:
        parts.append(f'error="{error}"')
    if description:
        parts.append(f'error_description="{description}"')
    if scope:
        parts.append(f'scope="{scope}"')
    return "Bearer " + ", ".join(parts)


def bearer_of(header: str | None) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header value; None for anything else.

    The one place a bearer token is read from a request (access tokens, the admin token, UNI
    session tokens)."""
    scheme, _, token = (header or "").partition(" ")
    token = token.strip()
    return token if scheme.lower() == "bearer" and token else None


def bearer_token(request: web.Request) -> str:
    """The request's bearer token; 401 with a ``WWW-Authenticate`` challenge without one."""
    header = request.headers.get("Authorization")
    if not header:
        raise Unauthenticated(
            "an access token is required",
            cause="missing_token",
            headers={"WWW-Authenticate": _challenge()},
        )
    token = bearer_of(header)
    if token is None:
        raise Unauthenticated(
            "the Authorization header must be 'Bearer <token>'",
            cause="invalid_request",
            headers={"WWW-Authenticate": _challenge("invalid_request", "bearer token expected")},
        )
    return token


def _bound_certificate(request: web.Request, caller: Principal, partner: bool) -> None:
    """RFC 8705: a token bound to a certificate is valid only over a connection presenting that
    certificate; with ``security.ewbi_client_cert``, partner interfaces need a certificate.
    Neither asked (the usual case): the connection's certificate is not looked at."""
    needed = partner and platform(request).settings.security.ewbi_client_cert
    if caller.bound_to is None and not needed:
        return
    presented = client_thumbprint(request)
    if caller.bound_to is not None and caller.bound_to != presented:
        raise Unauthenticated(
            "the access token is bound to another client certificate",
            cause="invalid_token",
            headers={"WWW-Authenticate": _challenge("invalid_token", "certificate mismatch")},
        )
    if needed and presented is None:
        raise PermissionDenied(
            "this interface requires a client certificate (mutual TLS)", cause="CERT_REQUIRED"
        )


def require_static_token(request: web.Request, expected: SecretStr, realm: str) -> None:
    """401 unless the request carries ``Authorization: Bearer <expected>`` (compared in constant
    time): the admin token, the metrics token."""
    given = bearer_of(request.headers.get("Authorization")) or ""
    if not hmac.compare_digest(given.encode(), expected.get_secret_value().encode()):
        raise Unauthenticated(
            f"a valid {realm} bearer token is required",
            headers={"WWW-Authenticate": f'Bearer realm="{realm}"'},
        )


def require_scopes(rule: ScopeRule, *, partner: bool = False) -> Middleware:
    """A middleware checking the bearer token and the scopes ``rule`` asks for (all of them).

    ``partner``: an interface for partner OPs (EWBI, its callbacks), where
    ``security.ewbi_client_cert`` requires a client certificate."""
    per_request, fixed = None, frozenset[str]()
    if callable(rule):
        per_request = rule
    else:
        fixed = _as_set(rule)  # the same for every request: made once

    @web.middleware
    async def authenticate(request: web.Request, handler: Handler) -> web.StreamResponse:
        token = bearer_token(request)
        try:
            caller = await platform(request).security.verify(token)
        except Unauthenticated as exc:
            exc.headers["WWW-Authenticate"] = _challenge("invalid_token", exc.detail)
            raise
        _bound_certificate(request, caller, partner)
        required = fixed if per_request is None else _as_set(per_request(request))
        missing = required - caller.scopes
        if missing:
            scope = format_scopes(required)
            raise PermissionDenied(
                f"the access token lacks scope {format_scopes(missing)}",
                cause="insufficient_scope",
                headers={"WWW-Authenticate": _challenge("insufficient_scope", None, scope)},
            )
        request[PRINCIPAL] = caller
        return await handler(request)

    return authenticate


def scoped_setup(routes: Sequence[Route]) -> Callable[[web.Application], None]:
    """The ``setup`` of an interface whose every operation asks for one scope (the ``scope`` of
    its row): its routes, behind the bearer token check. An unknown path or method needs only a
    valid token (404/405); operations of its spec not routed answer 501."""
    scopes = {route.name: _as_set(route.scope) for route in routes}

    def setup(app: web.Application) -> None:
        app.middlewares.append(require_scopes(lambda request: scopes.get(route_name(request))))
        add_routes(app, routes)

    return setup
