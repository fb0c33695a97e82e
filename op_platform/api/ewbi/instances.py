"""EWBI application instance handlers (InstallApp, GetAppInstanceDetails, RemoveApp,
GetAllAppInstances) and the lifecycle worker's place in the application."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from aiohttp import web

from op_platform.api.body import json_response, parse_body, parse_params
from op_platform.api.ewbi.federation import owned
from op_platform.keys import DATABASE, INSTANCE_JOBS, SETTINGS
from op_platform.models.ewbi import paths
from op_platform.models.ewbi.base import EwbiModel
from op_platform.models.ewbi.ids import (
    AppIdentifier,
    AppProviderId,
    InstanceIdentifier,
    ZoneIdentifier,
)
from op_platform.models.ewbi.lcm import InstallAppRequest
from op_platform.services.ewbi import instances as service
from op_platform.services.ewbi.instance_jobs import InstanceJobWorker


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


def _path(request: web.Request, model: type[InstancePath] | type[AppProviderPath]) -> Any:
    return parse_params(request.match_info, model, "path")


async def install_app(request: web.Request) -> web.Response:
    body = await parse_body(request, InstallAppBody)
    settings = request.config_dict[SETTINGS]
    async with request.config_dict[DATABASE].transaction() as session:
        federation = await owned(request, session)
        answer = await service.install(
            session, federation, body, body.appInstanceId, settings.instances.deploy_seconds
        )
    request.config_dict[INSTANCE_JOBS].wake()
    return json_response(answer, status=202)


async def get_app_instance_details(request: web.Request) -> web.Response:
    path: InstancePath = _path(request, InstancePath)
    async with request.config_dict[DATABASE].transaction() as session:
        federation = await owned(request, session)
        answer = await service.get_details(
            session, federation, path.appId, path.appInstanceId, path.zoneId
        )
    return json_response(answer)


async def remove_app(request: web.Request) -> web.Response:
    path: InstancePath = _path(request, InstancePath)
    settings = request.config_dict[SETTINGS]
    async with request.config_dict[DATABASE].transaction() as session:
        federation = await owned(request, session)
        await service.remove(
            session,
            federation,
            path.appId,
            path.appInstanceId,
            path.zoneId,
            settings.instances.terminate_seconds,
        )
    request.config_dict[INSTANCE_JOBS].wake()
    return web.Response(status=200)


async def get_all_app_instances(request: web.Request) -> web.Response:
    path: AppProviderPath = _path(request, AppProviderPath)
    async with request.config_dict[DATABASE].transaction() as session:
        federation = await owned(request, session)
        answer = await service.list_instances(session, federation, path.appId, path.appProviderId)
    return json_response(answer)


async def instance_lifecycle(app: web.Application) -> AsyncIterator[None]:
    """cleanup_ctx entry (after the database): runs the instance lifecycle worker."""
    settings = app[SETTINGS]
    worker = InstanceJobWorker(app[DATABASE], settings)
    app[INSTANCE_JOBS] = worker
    if settings.instances.enabled:
        await worker.start()
    yield
    await worker.stop()


def add_routes(app: web.Application) -> None:
    router = app.router
    router.add_post(paths.INSTALL_APP, install_app, name="InstallApp")
    router.add_get(
        paths.GET_APP_INSTANCE_DETAILS, get_app_instance_details, name="GetAppInstanceDetails"
    )
    router.add_delete(paths.REMOVE_APP, remove_app, name="RemoveApp")
    router.add_get(paths.GET_ALL_APP_INSTANCES, get_all_app_instances, name="GetAllAppInstances")
