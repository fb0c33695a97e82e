"""Route table of the ewbi interface."""

from __future__ import annotations

from aiohttp import web

from op_platform.api.ewbi import (
    applications,
    artefacts,
    discovery,
    federation,
    files,
    instances,
    pools,
    roaming,
    variant,
    zones,
)
from op_platform.security.middleware import require_scopes


def setup(app: web.Application) -> None:
    """Add this interface's routes; operations of its spec not routed here answer 501."""
    app.middlewares.append(require_scopes("fed-mgmt"))
    federation.add_routes(app)
    zones.add_routes(app)
    artefacts.add_routes(app)
    files.add_routes(app)
    applications.add_routes(app)
    for area in (instances, pools, discovery, roaming, variant):
        area.add_routes(app)
