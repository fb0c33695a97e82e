"""Route table of the EWBI callback receivers (all POST, below the callbacks root)."""

from __future__ import annotations

from aiohttp import web

from op_platform.api.bearer_auth import require_scopes
from op_platform.api.fedcallbacks.handlers import receiver
from op_platform.api.routing import Route, add_routes
from op_platform.models.ewbi import paths
from op_platform.models.ewbi.callbacks import (
    ApplicationOnboardStatusEvent,
    InstanceStatusEvent,
    PartnerStatusEvent,
    ResourceStatusChangeEvent,
    ZoneResourceUpdateEvent,
)

ROUTES = (
    Route(
        "POST",
        paths.ON_PARTNER_STATUS_EVENT,
        receiver("partner_status", PartnerStatusEvent, 204),
        "onPartnerStatusEvent",
    ),
    Route(
        "POST",
        paths.ON_ZONE_RESOURCE_UPDATE_EVENT,
        receiver("zone_resources", ZoneResourceUpdateEvent, 200),
        "onZoneResourceUpdateEvent",
    ),
    Route(
        "POST",
        paths.ON_APPLICATION_ONBOARD_STATUS_EVENT,
        receiver("application", ApplicationOnboardStatusEvent, 204),
        "onApplicationOnboardStatusEvent",
    ),
    Route(
        "POST",
        paths.ON_INSTANCE_STATUS_EVENT,
        receiver("instance", InstanceStatusEvent, 204),
        "onInstanceStatusEvent",
    ),
    Route(
        "POST",
        paths.ON_RESOURCE_STATUS_CHANGE_EVENT,
        receiver("pool", ResourceStatusChangeEvent, 204),
        "onResourceStatusChangeEvent",
    ),
)


def setup(app: web.Application) -> None:
    """Add this interface's routes; operations of its spec not routed here answer 501."""
    app.middlewares.append(require_scopes("fed-mgmt", partner=True))
    add_routes(app, ROUTES)
