"""EWBI zone synchronisation handlers: ZoneSubscribe, ZoneUnsubscribe, GetZoneData."""

from __future__ import annotations

from aiohttp import web

from op_platform.api.body import json_response, parse_body
from op_platform.api.ewbi.federation import owned
from op_platform.keys import DATABASE
from op_platform.models.ewbi import paths
from op_platform.models.ewbi.zones import ZoneRegistrationRequestData
from op_platform.services.ewbi import zones as service


async def zone_subscribe(request: web.Request) -> web.Response:
    body = await parse_body(request, ZoneRegistrationRequestData)
    async with request.config_dict[DATABASE].transaction() as session:
        federation = await owned(request, session)
        answer = await service.subscribe(session, federation, body)
    return json_response(answer)


async def zone_unsubscribe(request: web.Request) -> web.Response:
    async with request.config_dict[DATABASE].transaction() as session:
        federation = await owned(request, session)
        await service.unsubscribe(session, federation, request.match_info["zoneId"])
    return web.Response(status=200)


async def get_zone_data(request: web.Request) -> web.Response:
    async with request.config_dict[DATABASE].transaction() as session:
        federation = await owned(request, session)
        answer = await service.zone_data(session, federation, request.match_info["zoneId"])
    return json_response(answer)


def add_routes(app: web.Application) -> None:
    router = app.router
    router.add_post(paths.ZONE_SUBSCRIBE, zone_subscribe, name="ZoneSubscribe")
    router.add_delete(paths.ZONE_UNSUBSCRIBE, zone_unsubscribe, name="ZoneUnsubscribe")
    router.add_get(paths.GET_ZONE_DATA, get_zone_data, name="GetZoneData")
