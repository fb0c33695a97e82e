"""NBI (CAMARA Edge Application Management) handlers: parse, call the service in the request's
one transaction, render."""

from __future__ import annotations

from aiohttp import web
from sqlmodel.ext.asyncio.session import AsyncSession

from op_platform.api.body import (
    cached_json,
    json_bytes,
    json_response,
    parse_body,
    parse_params,
)
from op_platform.api.context import platform, session
from op_platform.api.principal import principal
from op_platform.models.nbi import (
    AppDeploymentCreate,
    AppDeploymentCreated,
    AppDeploymentPatch,
    AppInstanceCreate,
    AppManifest,
    AppsPage,
    EdgeCloudZoneQuery,
    RegionQuery,
    SubmittedApp,
)
from op_platform.services.applications import provider_apps as apps
from op_platform.services.identifiers import cluster_uuid
from op_platform.services.instances import deployments
from op_platform.services.instances import provider_instances as instances
from op_platform.services.provider_ids import optional_uuid, path_uuid
from op_platform.services.zones.provider_zones import (
    ZONE_LIST_TABLES,
    NbiZone,
    list_zones,
    matches,
)
from op_platform.settings import Settings

MERGE_PATCH = ("application/merge-patch+json",)


async def _changer(request: web.Request) -> tuple[AsyncSession, Settings, str]:
    """What every call that changes the caller's apps, instances or deployments takes first:
    the request's transaction, the settings and the caller."""
    return await session(request), platform(request).settings, principal(request).client_id


# -- applications -------------------------------------------------------------------------------


async def submit_app(request: web.Request) -> web.Response:
    manifest = await parse_body(request, AppManifest)
    app_id = await apps.submit(*await _changer(request), manifest)
    return json_response(SubmittedApp(appId=app_id), status=201)


async def get_apps(request: web.Request) -> web.Response:
    """One page (``page``, ``perPage``: extensions, at most 100 apps); ``X-Total-Count`` says
    how many there are, ``Link`` gives the next page while there is one."""
    paging = parse_params(request.query, AppsPage)
    owner = principal(request).client_id
    found, total = await apps.list_apps(await session(request), owner, paging.page, paging.perPage)
    headers = {"X-Total-Count": str(total)}
    if paging.page * paging.perPage < total:
        following = request.url.update_query(page=paging.page + 1, perPage=paging.perPage)
        headers["Link"] = f'<{following}>; rel="next"'
    return json_response(found, headers=headers)


async def get_app(request: web.Request) -> web.Response:
    app_id = path_uuid(request.match_info["appId"], "appId")
    found = await apps.details(await session(request), principal(request).client_id, app_id)
    return json_response(found)


async def delete_app(request: web.Request) -> web.Response:
    app_id = path_uuid(request.match_info["appId"], "appId")
    queued = await apps.delete(*await _changer(request), app_id)
    return web.Response(status=202 if queued else 204)


# -- instances and deployments ----------------------------------------------------------------


async def create_app_instance(request: web.Request) -> web.Response:
    body = await parse_body(request, AppInstanceCreate)
    found = await instances.create(*await _changer(request), body)
    location = f"{request.url.origin()}{request.path}/{found.appInstanceId}"
    return json_response(found, status=202, headers={"Location": location})


async def get_app_instance(request: web.Request) -> web.Response:
    query = request.query
    app_id = optional_uuid(query.get("appId"), "appId")
    instance_id = optional_uuid(query.get("appInstanceId"), "appInstanceId")
    found = await instances.listing(
        await session(request),
        principal(request).client_id,
        app_id,
        instance_id,
        parse_params(query, RegionQuery).region,
    )
    return json_response(found)


async def delete_app_instance(request: web.Request) -> web.Response:
    instance_id = path_uuid(request.match_info["appInstanceId"], "appInstanceId")
    await instances.delete(*await _changer(request), instance_id)
    return web.Response(status=202)


async def create_app_deployment(request: web.Request) -> web.Response:
    body = await parse_body(request, AppDeploymentCreate)
    found = await deployments.create(*await _changer(request), body)
    return json_response(AppDeploymentCreated(appDeploymentId=found), status=202)


async def get_app_deployments(request: web.Request) -> web.Response:
    app_id = optional_uuid(request.query.get("appId"), "appId")
    deployment_id = optional_uuid(request.query.get("appDeploymentId"), "appDeploymentId")
    found = await deployments.listing(
        await session(request), principal(request).client_id, app_id, deployment_id
    )
    return json_response(found)


async def update_app_deployment(request: web.Request) -> web.Response:
    deployment_id = path_uuid(request.match_info["appDeploymentId"], "appDeploymentId")
    patch = await parse_body(request, AppDeploymentPatch, MERGE_PATCH)
    found = await deployments.update(*await _changer(request), deployment_id, patch)
    return json_response(found)


async def delete_app_deployment(request: web.Request) -> web.Response:
    deployment_id = path_uuid(request.match_info["appDeploymentId"], "appDeploymentId")
    await deployments.delete(*await _changer(request), deployment_id)
    return web.Response(status=202)


# -- zones and clusters -------------------------------------------------------------------------


async def _zones(request: web.Request) -> list[NbiZone]:
    """This OP's zones and its partners', served from memory until one of them changes."""
    running = platform(request)
    settings = running.settings

    async def load() -> list[NbiZone]:
        db = await session(request)
        return await list_zones(db, settings.operator_id, settings.country_code)

    return await running.reads.get(("nbi-zones",), ZONE_LIST_TABLES, load)


NO_FILTER = EdgeCloudZoneQuery()  # read only


async def get_edge_cloud_zones(request: web.Request) -> web.Response:
    """The answer's bytes are kept per filter until a zone changes. The key is the parsed
    filter, not the query string: parameters the API ignores cannot make a client fill the
    cache with copies of the same list. Without a query there is nothing to parse."""
    query = parse_params(request.query, EdgeCloudZoneQuery) if request.query_string else NO_FILTER

    async def load() -> bytes:
        found = [
            zone.wire()
            for zone in await _zones(request)
            if matches(zone, query.region, query.status, query.edgeCloudProvider)
        ]
        return json_bytes(found)

    key = ("GET /edge-cloud-zones", query.region, query.status, query.edgeCloudProvider)
    return cached_json(await platform(request).reads.get(key, ZONE_LIST_TABLES, load))


async def get_clusters(request: web.Request) -> web.Response:
    region = parse_params(request.query, RegionQuery).region
    cluster_ref = optional_uuid(request.query.get("clusterRef"), "clusterRef")
    zone_id = optional_uuid(request.query.get("edgeCloudZoneId"), "edgeCloudZoneId")
    found = [
        zone.cluster()
        for zone in await _zones(request)
        if matches(zone, region, None, None)
        and (zone_id is None or zone.uuid == zone_id)
        and (cluster_ref is None or cluster_uuid(zone.provider, zone.zone_id) == cluster_ref)
    ]
    return json_response(found)
