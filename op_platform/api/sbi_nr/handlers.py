"""SBI-NR: the NEF's notifications (TS 29.522 / TS 29.122 bodies) to the URLs this OP gave it.

Each URL names one resource and carries its token; a wrong token is a 401 before the body is
read. Parse, record in the request's unit of work, answer 204.
"""

from __future__ import annotations

from aiohttp import web

from op_platform import roots
from op_platform.api.body import parse_body
from op_platform.api.context import platform, session
from op_platform.models.nef import (
    EventNotification,
    MonitoringNotification,
    UserPlaneNotificationData,
)
from op_platform.services.network import nef_events, qos_status, receipts


def _resource(request: web.Request, receiver: str) -> str:
    """The resource id of the URL, once its token is checked (401 otherwise)."""
    resource = request.match_info["resourceId"]
    receipts.check(platform(request).settings, receiver, resource, request.match_info["token"])
    return resource


async def up_path_change(request: web.Request) -> web.Response:
    instance_key = _resource(request, roots.NEF_UP_PATH_CHANGE)
    event = await parse_body(request, EventNotification)
    settings = platform(request).settings
    await nef_events.up_path_changed(await session(request), settings, instance_key, event)
    return web.Response(status=204)


async def location_report(request: web.Request) -> web.Response:
    ue = _resource(request, roots.NEF_LOCATION_REPORTS)
    note = await parse_body(request, MonitoringNotification)
    settings = platform(request).settings
    await nef_events.location_reported(await session(request), settings, ue, note)
    return web.Response(status=204)


async def qos_events(request: web.Request) -> web.Response:
    session_id = _resource(request, roots.NEF_QOS_EVENTS)
    note = await parse_body(request, UserPlaneNotificationData)
    settings = platform(request).settings
    await qos_status.user_plane_event(await session(request), settings, session_id, note)
    return web.Response(status=204)
