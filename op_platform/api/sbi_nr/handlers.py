"""SBI-NR: the NEF's notifications (TS 29.522 / TS 29.122 bodies) to the URLs this OP gave it.

Each URL names one resource and carries its token; a wrong token is a 401 before the body is
read. Parse, record in the request's unit of work, answer 204. One receiver shape serves the
three kinds of notification.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web
from pydantic import BaseModel
from sqlmodel.ext.asyncio.session import AsyncSession

from op_platform import roots
from op_platform.api.body import parse_body
from op_platform.api.context import platform, session
from op_platform.api.routing import Handler
from op_platform.models.nef import (
    EventNotification,
    MonitoringNotification,
    UserPlaneNotificationData,
)
from op_platform.services.network import nef_events, qos_status, receipts
from op_platform.settings import Settings

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
