"""Receivers of the five EWBI callbacks: parse, apply to this OP's record of the partner, answer.

The caller is authenticated by the bearer-token middleware; ``services.ewbi.events`` checks that
it is the partner of the federation named in the body (404 otherwise).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web
from pydantic import BaseModel
from sqlmodel.ext.asyncio.session import AsyncSession

from op_platform.api.body import parse_body
from op_platform.keys import DATABASE
from op_platform.models.ewbi import paths
from op_platform.models.ewbi.callbacks import (
    ApplicationOnboardStatusEvent,
    InstanceStatusEvent,
    PartnerStatusEvent,
    ResourceStatusChangeEvent,
    ZoneResourceUpdateEvent,
)
from op_platform.security.principal import principal
from op_platform.services.ewbi import events

Apply = Callable[[AsyncSession, str, Any], Awaitable[None]]
Handler = Callable[[web.Request], Awaitable[web.Response]]


def receiver(model: type[BaseModel], apply: Apply, status: int) -> Handler:
    async def handle(request: web.Request) -> web.Response:
        body = await parse_body(request, model)
        client_id = principal(request).client_id
        async with request.config_dict[DATABASE].transaction() as session:
            await apply(session, client_id, body)
        return web.Response(status=status)

    return handle


RECEIVERS: tuple[tuple[str, str, Handler], ...] = (
    (
        paths.ON_PARTNER_STATUS_EVENT,
        "onPartnerStatusEvent",
        receiver(PartnerStatusEvent, events.apply_partner_status, 204),
    ),
    (
        paths.ON_ZONE_RESOURCE_UPDATE_EVENT,
        "onZoneResourceUpdateEvent",
        receiver(ZoneResourceUpdateEvent, events.apply_zone_resources, 200),
    ),
    (
        paths.ON_APPLICATION_ONBOARD_STATUS_EVENT,
        "onApplicationOnboardStatusEvent",
        receiver(ApplicationOnboardStatusEvent, events.apply_onboard_status, 204),
    ),
    (
        paths.ON_INSTANCE_STATUS_EVENT,
        "onInstanceStatusEvent",
        receiver(InstanceStatusEvent, events.apply_instance_status, 204),
    ),
    (
        paths.ON_RESOURCE_STATUS_CHANGE_EVENT,
        "onResourceStatusChangeEvent",
        receiver(ResourceStatusChangeEvent, events.apply_resource_status, 204),
    ),
)


def add_routes(app: web.Application) -> None:
    for path, name, handle in RECEIVERS:
        app.router.add_post(path, handle, name=name)
