"""Route table of the SBI-Edge interface (the edge sites' event receiver)."""

from __future__ import annotations

from aiohttp import web

from op_platform.api.routing import Route, add_routes
from op_platform.api.sbi_edge import handlers

ROUTES = (Route("POST", "/sites/{siteId}/events", handlers.receive_event, "receiveEdgeSiteEvent"),)


def setup(app: web.Application) -> None:
    """Add this interface's routes. Each request is authenticated by its site's event token
    (checked in the handler: the token depends on the site in the path)."""
    add_routes(app, ROUTES)
