"""Route table of the SBI-CR interface (below the SBI-CR root)."""

from __future__ import annotations

from aiohttp import web

from op_platform import roots
from op_platform.api.bearer_auth import require_scopes
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


SCOPE = "sbi-cr"  # the OP's MEO is a registered client with this scope


def setup(app: web.Application) -> None:
    """Add this interface's routes; operations of its spec not routed here answer 501. Every
    caller is authenticated: the MEO holds a token with scope ``sbi-cr``."""
    app.middlewares.append(require_scopes(SCOPE))
    add_routes(app, ROUTES)
