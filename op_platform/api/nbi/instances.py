"""NBI instance and deployment handlers: parse, call the service, render."""

from __future__ import annotations

from aiohttp import web

from op_platform.api.body import json_response, parse_body
from op_platform.keys import DATABASE, HTTP, SETTINGS, TOKENS
from op_platform.models.nbi import (
    AppDeploymentCreate,
    AppDeploymentCreated,
    AppDeploymentPatch,
    AppInstanceCreate,
)
from op_platform.security.principal import principal
from op_platform.services.ewbi import partners
from op_platform.services.nbi import deployments, instances
from op_platform.services.nbi.ids import optional_uuid, path_uuid

MERGE_PATCH = ("application/merge-patch+json",)


def deps(request: web.Request) -> partners.Deps:
    config = request.config_dict
    return partners.Deps(config[DATABASE], config[SETTINGS], config[HTTP], config[TOKENS])


async def create_app_instance(request: web.Request) -> web.Response:
    body = await parse_body(request, AppInstanceCreate)
    found = await instances.create(deps(request), principal(request).client_id, body)
    location = f"{request.url.origin()}{request.path}/{found.appInstanceId}"
    return json_response(found, status=202, headers={"Location": location})


async def get_app_instance(request: web.Request) -> web.Response:
    query = request.query
    app_id = optional_uuid(query.get("appId"), "appId")
    instance_id = optional_uuid(query.get("appInstanceId"), "appInstanceId")
    async with request.config_dict[DATABASE].transaction() as session:
        found = await instances.listing(
            session, principal(request).client_id, app_id, instance_id, query.get("region")
        )
    return json_response(found)


async def delete_app_instance(request: web.Request) -> web.Response:
    instance_id = path_uuid(request.match_info["appInstanceId"], "appInstanceId")
    async with request.config_dict[DATABASE].transaction() as session:
        await instances.delete(
            session, request.config_dict[SETTINGS], principal(request).client_id, instance_id
        )
    return web.Response(status=202)


async def create_app_deployment(request: web.Request) -> web.Response:
    body = await parse_body(request, AppDeploymentCreate)
    found = await deployments.create(deps(request), principal(request).client_id, body)
    return json_response(AppDeploymentCreated(appDeploymentId=found), status=202)


async def get_app_deployments(request: web.Request) -> web.Response:
    app_id = optional_uuid(request.query.get("appId"), "appId")
    deployment_id = optional_uuid(request.query.get("appDeploymentId"), "appDeploymentId")
    async with request.config_dict[DATABASE].transaction() as session:
        found = await deployments.listing(
            session, principal(request).client_id, app_id, deployment_id
        )
    return json_response(found)


async def update_app_deployment(request: web.Request) -> web.Response:
    deployment_id = path_uuid(request.match_info["appDeploymentId"], "appDeploymentId")
    patch = await parse_body(request, AppDeploymentPatch, MERGE_PATCH)
    found = await deployments.update(
        deps(request), principal(request).client_id, deployment_id, patch
    )
    return json_response(found)


async def delete_app_deployment(request: web.Request) -> web.Response:
    deployment_id = path_uuid(request.match_info["appDeploymentId"], "appDeploymentId")
    async with request.config_dict[DATABASE].transaction() as session:
        await deployments.delete(
            session, request.config_dict[SETTINGS], principal(request).client_id, deployment_id
        )
    return web.Response(status=202)
