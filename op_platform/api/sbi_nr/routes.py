"""Route table of the SBI-NR interface (receivers of the NEF's notifications)."""

from __future__ import annotations

from aiohttp import web

from op_platform.api.routing import Route, add_routes

ROUTES: tuple[Route, ...] = ()


def setup(app: web.Application) -> None:
    """Add this interface's routes; operations of its spec not routed here answer 501."""
    add_routes(app, ROUTES)
