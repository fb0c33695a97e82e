"""Start-up of the security side, as one cleanup context of the root application.

Runs after the database and the HTTP client exist: makes sure a signing key exists, registers
the configured clients, and sets up the outbound token providers.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

from aiohttp import web

from op_platform.clients.tokens import TokenProviders
from op_platform.keys import DATABASE, HTTP, SECURITY, SETTINGS, TOKENS
from op_platform.security.service import SecurityService


async def security_context(app: web.Application) -> AsyncIterator[None]:
    settings = app[SETTINGS]
    service = SecurityService.from_settings(app[DATABASE], settings)
    await service.bootstrap(SecurityService.specs_from_settings(settings))
    app[SECURITY] = service
    app[TOKENS] = TokenProviders(app[HTTP])
    yield
