"""EWBI AvailabilityZoneInfoSynchronization handlers: ZoneSubscribe, ZoneUnsubscribe,
GetZoneData."""

from __future__ import annotations

from aiohttp import web

from op_platform.api.body import json_response, parse_body
from op_platform.api.ewbi.access import owned_context
from op_platform.models.ewbi.zones import ZoneRegistrationRequestData
from op_platform.services.zones import zone_subscriptions as service


async def zone_subscribe(request: web.Request) -> web.Response:
    body = await parse_body(request, ZoneRegistrationRequestData)
    db, federation = await owned_context(request)
    return json_response(await service.subscribe(db, federation, body))


async def zone_unsubscribe(request: web.Request) -> web.Response:
    db, federation = await owned_context(request)
    await service.unsubscribe(db, federation, request.match_info["zoneId"])
    return web.Response(status=200)


async def get_zone_data(request: web.Request) -> web.Response:
    db, federation = await owned_context(request)
    return json_response(await service.zone_data(db, federation, request.match_info["zoneId"]))
