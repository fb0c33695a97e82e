"""Route table of the sbi_nr interface."""

from __future__ import annotations

from aiohttp import web


def setup(app: web.Application) -> None:
    """Add this interface's routes; operations of its spec not routed here answer 501."""
