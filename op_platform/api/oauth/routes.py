"""Routes of the OAuth2 endpoints, on the root application."""

from __future__ import annotations

from aiohttp import web

from op_platform.api.oauth import handlers

TOKEN_PATH = "/oauth2/token"
JWKS_PATH = "/.well-known/jwks.json"


def setup(app: web.Application) -> None:
    app.router.add_post(TOKEN_PATH, handlers.token, name="IssueToken")
    app.router.add_get(JWKS_PATH, handlers.jwks, name="GetJwks")
