"""NBI zone and cluster handlers."""

from __future__ import annotations

from aiohttp import web

from op_platform.api.body import json_response, parse_params
from op_platform.keys import DATABASE, SETTINGS
from op_platform.models.nbi import EdgeCloudZoneQuery
from op_platform.services.identifiers import cluster_uuid
from op_platform.services.nbi.ids import optional_uuid
from op_platform.services.nbi.zones import list_zones, matches


async def get_edge_cloud_zones(request: web.Request) -> web.Response:
    query = parse_params(request.query, EdgeCloudZoneQuery)
    settings = request.config_dict[SETTINGS]
    async with request.config_dict[DATABASE].transaction() as session:
        zones = await list_zones(session, settings.operator_id, settings.country_code)
    found = [
        zone.wire()
        for zone in zones
        if matches(zone, query.region, query.status, query.edgeCloudProvider)
    ]
    return json_response(found)


async def get_clusters(request: web.Request) -> web.Response:
    region = request.query.get("region")
    cluster_ref = optional_uuid(request.query.get("clusterRef"), "clusterRef")
    zone_id = optional_uuid(request.query.get("edgeCloudZoneId"), "edgeCloudZoneId")
    settings = request.config_dict[SETTINGS]
    async with request.config_dict[DATABASE].transaction() as session:
        zones = await list_zones(session, settings.operator_id, settings.country_code)
    found = [
        zone.cluster()
        for zone in zones
        if matches(zone, region, None, None)
        and (zone_id is None or zone.uuid == zone_id)
        and (cluster_ref is None or cluster_uuid(zone.provider, zone.zone_id) == cluster_ref)
    ]
    return json_response(found)
