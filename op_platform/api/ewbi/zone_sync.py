"""EWBI AvailabilityZoneInfoSynchronization handlers: ZoneSubscribe, ZoneUnsubscribe,
GetZoneData."""

from __future__ import annotations

from aiohttp import web

from op_platform.api.body import cached_json, json_bytes, json_response, parse_body
from op_platform.api.context import platform
from op_platform.api.ewbi.access import owned_context
from op_platform.api.principal import principal
from op_platform.models.ewbi.zones import ZoneRegistrationRequestData
from op_platform.services.zones import zone_subscriptions as service


async def zone_subscribe(request: web.Request) -> web.Response:
    body = await parse_body(request, ZoneRegistrationRequestData)
    db, federation = await owned_context(request)
    settings = platform(request).settings
    return json_response(await service.subscribe(db, settings, federation, body))


async def zone_unsubscribe(request: web.Request) -> web.Response:
    db, federation = await owned_context(request)
    await service.unsubscribe(db, federation, request.match_info["zoneId"])
    return web.Response(status=200)


async def get_zone_data(request: web.Request) -> web.Response:
    """Served from memory until the federation, its subscriptions or the zone change (on any
    replica); a miss reads them in the request's transaction."""
    ctx, zone_id = request.match_info["federationContextId"], request.match_info["zoneId"]
    key = ("GetZoneData", ctx, principal(request).client_id, zone_id)

    async def load() -> bytes:
        db, federation = await owned_context(request)
        return json_bytes(await service.zone_data(db, federation, zone_id))

    return cached_json(await platform(request).reads.get(key, service.ZONE_DATA_TABLES, load))
