"""UNI handlers: parse, call the service, render."""

from __future__ import annotations

from aiohttp import web

from op_platform.api.bearer_auth import bearer_of
from op_platform.api.body import json_response, parse_body
from op_platform.api.context import platform, session
from op_platform.models.uni import (
    AppEndpoint,
    ClientRegistration,
    ClientRegistrationRequest,
    ClosestEdgeCloudZone,
    ClosestEdgeCloudZoneRequest,
    Device,
    NearestAppInstance,
    NearestAppInstanceRequest,
)
from op_platform.services.discovery import client_sessions as sessions
from op_platform.services.discovery import nearest_instance as instances
from op_platform.services.identifiers import ewbi_to_camara, zone_uuid
from op_platform.services.network import device_locator
from op_platform.services.zones import closest_zone as zones


async def read_closest_edge_cloud_zone(request: web.Request) -> web.Response:
    body = await parse_body(request, ClosestEdgeCloudZoneRequest)
    found = await zones.closest_zone(platform(request).deps, body.device)
    zone = found.zone.candidate
    several = body.device is not None and len(body.device.model_dump(exclude_none=True)) > 1
    answer = ClosestEdgeCloudZone(
        edgeCloudZoneId=zone_uuid(zone.provider, zone.zone_id),
        edgeCloudZoneName=zone.zone_name,
        edgeCloudProvider=zone.provider,
        device=Device.model_validate(found.used) if several else None,
    )
    return json_response(answer)


async def register_client(request: web.Request) -> web.Response:
    body = await parse_body(request, ClientRegistrationRequest)
    ttl = platform(request).settings.uni.session_ttl
    done = await sessions.register(await session(request), body, ttl)
    answer = ClientRegistration(
        clientId=done.client_id, sessionToken=done.session_token, expiresAt=done.expires_at
    )
    return json_response(answer, status=201)


def _session_token(request: web.Request, body: NearestAppInstanceRequest) -> str | None:
    return bearer_of(request.headers.get("Authorization")) or body.sessionToken


async def find_nearest_app_instance(request: web.Request) -> web.Response:
    body = await parse_body(request, NearestAppInstanceRequest)
    token = _session_token(request, body)
    located = None
    if body.location is None:
        located = await device_locator.unless_configured(platform(request).deps, body.device, token)
    db = await session(request)
    client = await sessions.authenticate(db, token)
    nearest = await instances.nearest_instance(
        db, platform(request).settings, client, body.location, body.device, located
    )
    found = nearest.instance
    point = found.access_point
    endpoint = AppEndpoint.model_validate(
        {"interfaceId": point.get("interfaceId"), **point.get("accessPoints", {})}
    )
    distance = None if nearest.distance_km is None else round(nearest.distance_km, 3)
    answer = NearestAppInstance(
        appInstanceId=str(ewbi_to_camara(found.app_instance_id)),
        appId=str(ewbi_to_camara(found.app_id)),
        edgeCloudZoneId=zone_uuid(found.provider, found.zone_id),
        edgeCloudZoneName=found.zone_name or found.zone_id[:64],
        edgeCloudProvider=found.provider,
        endpoint=endpoint,
        distanceKm=distance,
    )
    return json_response(answer)
