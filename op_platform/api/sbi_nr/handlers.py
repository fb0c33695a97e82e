"""SBI-NR: the NEF's notifications (TS 29.522 / TS 29.122 bodies) to the URLs this OP gave it,
and the CAMARA-shaped events of a NEF that exposes CAMARA APIs.

Each 3GPP URL names one resource and carries its token; a wrong token is a 401 before the body
is read. The CAMARA-shaped receivers take a bearer token of this OP with scope ``sbi-nr`` (the
NEF registered as a client). Parse, record in the request's unit of work, answer 204.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web
from pydantic import BaseModel
from sqlmodel.ext.asyncio.session import AsyncSession

from op_platform import roots
from op_platform.api.bearer_auth import bearer_token
from op_platform.api.body import parse_body
from op_platform.api.context import platform, session
from op_platform.api.routing import Handler
from op_platform.errors import PermissionDenied
from op_platform.models.nef import (
    EventNotification,
    MonitoringNotification,
    UserPlaneNotificationData,
)
from op_platform.models.sbi import EventQosStatusChanged, EventTrafficInfluenceChanged
from op_platform.services.network import camara_events, nef_events, qos_status, receipts
from op_platform.settings import Settings

SCOPE = "sbi-nr"  # a NEF that sends CAMARA-shaped events is a client of this OP with it
CLOUD_EVENTS = ("application/cloudevents+json", "application/json")
Apply = Callable[[AsyncSession, Settings, str, Any], Awaitable[Any]]


def receiver(path: str, model: type[BaseModel], apply: Apply) -> Handler:
    """The handler of the notifications posted to ``path`` (a template of ``roots``)."""

    async def handle(request: web.Request) -> web.Response:
        resource = request.match_info["resourceId"]
        settings = platform(request).settings
        receipts.check(settings, path, resource, request.match_info["token"])
        note = await parse_body(request, model)
        await apply(await session(request), settings, resource, note)
        return web.Response(status=204)

    return handle


up_path_change = receiver(roots.NEF_UP_PATH_CHANGE, EventNotification, nef_events.up_path_changed)
qos_events = receiver(roots.NEF_QOS_EVENTS, UserPlaneNotificationData, qos_status.user_plane_event)
location_report = receiver(
    roots.NEF_LOCATION_REPORTS, MonitoringNotification, nef_events.location_reported
)


async def _authenticate(request: web.Request) -> None:
    caller = await platform(request).security.verify(bearer_token(request))
    if SCOPE not in caller.scopes:
        raise PermissionDenied(f"the access token lacks scope {SCOPE}", cause="insufficient_scope")


async def qos_status_changed(request: web.Request) -> web.Response:
    await _authenticate(request)
    event = await parse_body(request, EventQosStatusChanged, CLOUD_EVENTS)
    settings = platform(request).settings
    await camara_events.qos_status_changed(await session(request), settings, event)
    return web.Response(status=204)


async def traffic_influence_changed(request: web.Request) -> web.Response:
    await _authenticate(request)
    event = await parse_body(request, EventTrafficInfluenceChanged, CLOUD_EVENTS)
    found = platform(request)
    await camara_events.traffic_influence_changed(
        await session(request), found.settings, found.deps.nef(), event
    )
    return web.Response(status=204)
