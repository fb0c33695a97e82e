"""UNI handlers: parse, call the service, render."""

from __future__ import annotations

from aiohttp import web

from op_platform.api.body import json_response, parse_body
from op_platform.keys import DATABASE, HTTP, SETTINGS, TOKENS
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
from op_platform.services.ewbi.partners import Deps
from op_platform.services.identifiers import ewbi_to_camara, zone_uuid
from op_platform.services.uni import instances, sessions, zones


def _deps(request: web.Request) -> Deps:
    app = request.config_dict
    return Deps(app[DATABASE], app[SETTINGS], app[HTTP], app[TOKENS])


async def read_closest_edge_cloud_zone(request: web.Request) -> web.Response:
    body = await parse_body(request, ClosestEdgeCloudZoneRequest)
    found = await zones.closest_zone(_deps(request), body.device)
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
    ttl = request.config_dict[SETTINGS].uni.session_ttl
    async with request.config_dict[DATABASE].transaction() as session:
        done = await sessions.register(session, body, ttl)
    answer = ClientRegistration(
        clientId=done.client_id, sessionToken=done.session_token, expiresAt=done.expires_at
    )
    return json_response(answer, status=201)


def _session_token(request: web.Request, body: NearestAppInstanceRequest) -> str | None:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    return body.sessionToken


async def find_nearest_app_instance(request: web.Request) -> web.Response:
    body = await parse_body(request, NearestAppInstanceRequest)
    settings = request.config_dict[SETTINGS]
    async with request.config_dict[DATABASE].transaction() as session:
        client = await sessions.authenticate(session, _session_token(request, body))
        nearest = await instances.nearest_instance(
            session, settings, client, body.location, body.device
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
