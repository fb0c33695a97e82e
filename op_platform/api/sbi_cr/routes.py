"""Route table of the SBI-CR interface."""

from __future__ import annotations

from aiohttp import web

from op_platform.api.sbi_cr import handlers


def setup(app: web.Application) -> None:
    """Add this interface's routes; operations of its spec not routed here answer 501."""
    handlers.add_routes(app)
