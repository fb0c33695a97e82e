"""Route table of the SBI-CR interface (below the SBI-CR root)."""

from __future__ import annotations

from aiohttp import web

from op_platform import roots
from op_platform.api.routing import Route, add_routes
from op_platform.api.sbi_cr import handlers
from op_platform.models.ewbi.paths import VARIANT_PACKAGES

ROUTES = (
    Route("POST", VARIANT_PACKAGES, handlers.onboard_variant, "forwardAppPackage"),
    Route(
        "POST",
        roots.MEO_NOTIFICATIONS.removeprefix(roots.SBI_CR),
        handlers.package_notification,
        "receiveAppPkgNotification",
    ),
)


def setup(app: web.Application) -> None:
    """Add this interface's routes; operations of its spec not routed here answer 501."""
    add_routes(app, ROUTES)
