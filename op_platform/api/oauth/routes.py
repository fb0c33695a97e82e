"""Routes of the OAuth2 endpoints, on the root application."""

from __future__ import annotations

from aiohttp import web

from op_platform import roots
from op_platform.api.oauth import handlers
from op_platform.api.routing import Route, add_routes

ROUTES = (
    Route("POST", roots.OAUTH_TOKEN, handlers.token, "IssueToken"),
    Route("POST", roots.OAUTH_REVOKE, handlers.revoke, "RevokeToken"),
    Route("GET", roots.JWKS, handlers.jwks, "GetJwks"),
)


def setup(app: web.Application) -> None:
    add_routes(app, ROUTES)
