"""Route table of the EWBI callback receivers (all POST, below the callbacks root)."""

from __future__ import annotations

from aiohttp import web
from pydantic import BaseModel

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

# One row per receiver: its path (the operationId with a leading slash), the event kind it hands
# to the listeners, the body model and the success status.
RECEIVERS: tuple[tuple[str, str, type[BaseModel], int], ...] = (
    (paths.ON_PARTNER_STATUS_EVENT, "partner_status", PartnerStatusEvent, 204),
    (paths.ON_ZONE_RESOURCE_UPDATE_EVENT, "zone_resources", ZoneResourceUpdateEvent, 200),
    (paths.ON_APPLICATION_ONBOARD_STATUS_EVENT, "application", ApplicationOnboardStatusEvent, 204),
    (paths.ON_INSTANCE_STATUS_EVENT, "instance", InstanceStatusEvent, 204),
    (paths.ON_RESOURCE_STATUS_CHANGE_EVENT, "pool", ResourceStatusChangeEvent, 204),
)
ROUTES = tuple(
    Route("POST", path, receiver(kind, model, status), path.removeprefix("/"))
    for path, kind, model, status in RECEIVERS
)


def setup(app: web.Application) -> None:
    """Add this interface's routes; operations of its spec not routed here answer 501."""
    app.middlewares.append(require_scopes("fed-mgmt", partner=True))
    add_routes(app, ROUTES)
