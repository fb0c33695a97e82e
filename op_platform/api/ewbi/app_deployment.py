"""EWBI ApplicationDeploymentManagement handlers: InstallApp, GetAppInstanceDetails, RemoveApp,
GetAllAppInstances. Changes wake the instance lifecycle worker once they are committed."""

from __future__ import annotations

from aiohttp import web

from op_platform.api.body import json_response, parse_body, parse_params
from op_platform.api.context import platform, wake_after_commit
from op_platform.api.ewbi.access import owned_context
from op_platform.models.ewbi.base import EwbiModel
from op_platform.models.ewbi.ids import (
    AppIdentifier,
    AppProviderId,
    InstanceIdentifier,
    ZoneIdentifier,
)
from op_platform.models.ewbi.lcm import InstallAppRequest
from op_platform.services.instances import partner_instances as service

WORKER = "instance-jobs"


class InstallAppBody(InstallAppRequest):
    """InstallApp as the standard has it, plus the client-chosen ``appInstanceId`` some
    implementations send (taken as the instance's identifier when present)."""

    appInstanceId: InstanceIdentifier | None = None


class InstancePath(EwbiModel):
    appId: AppIdentifier
    appInstanceId: InstanceIdentifier
    zoneId: ZoneIdentifier


class AppProviderPath(EwbiModel):
    appId: AppIdentifier
    appProviderId: AppProviderId


async def install_app(request: web.Request) -> web.Response:
    body = await parse_body(request, InstallAppBody)
    settings = platform(request).settings
    db, federation = await owned_context(request)
    answer = await service.install(db, settings, federation, body, body.appInstanceId)
    wake_after_commit(request, WORKER)
    return json_response(answer, status=202)


async def get_app_instance_details(request: web.Request) -> web.Response:
    path = parse_params(request.match_info, InstancePath, "path")
    db, federation = await owned_context(request)
    answer = await service.get_details(db, federation, path.appId, path.appInstanceId, path.zoneId)
    return json_response(answer)


async def remove_app(request: web.Request) -> web.Response:
    path = parse_params(request.match_info, InstancePath, "path")
    terminate_seconds = platform(request).settings.instances.terminate_seconds
    db, federation = await owned_context(request)
    await service.remove(
        db, federation, path.appId, path.appInstanceId, path.zoneId, terminate_seconds
    )
    wake_after_commit(request, WORKER)
    return web.Response(status=200)


async def get_all_app_instances(request: web.Request) -> web.Response:
    path = parse_params(request.match_info, AppProviderPath, "path")
    db, federation = await owned_context(request)
    answer = await service.list_instances(db, federation, path.appId, path.appProviderId)
    return json_response(answer)
