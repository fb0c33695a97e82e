"""Routes of the OAuth2 endpoints, on the root application."""

from __future__ import annotations

from aiohttp import web

from op_platform.api.oauth import handlers
from op_platform.models.ewbi import paths

TOKEN_PATH = paths.OAUTH_TOKEN
REVOKE_PATH = paths.OAUTH_REVOKE
JWKS_PATH = paths.JWKS


def setup(app: web.Application) -> None:
    app.router.add_post(TOKEN_PATH, handlers.token, name="IssueToken")
    app.router.add_post(REVOKE_PATH, handlers.revoke, name="RevokeToken")
    app.router.add_get(JWKS_PATH, handlers.jwks, name="GetJwks")
