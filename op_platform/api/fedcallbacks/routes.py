"""Route table of the fedcallbacks interface."""

from __future__ import annotations

from aiohttp import web

from op_platform.api.fedcallbacks import handlers
from op_platform.security.middleware import require_scopes


def setup(app: web.Application) -> None:
    """Add this interface's routes; operations of its spec not routed here answer 501."""
    app.middlewares.append(require_scopes("fed-mgmt"))
    handlers.add_routes(app)
