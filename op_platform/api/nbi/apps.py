"""NBI application handlers: parse, call the service, render."""

from __future__ import annotations

from aiohttp import web

from op_platform.api.body import json_response, parse_body
from op_platform.keys import DATABASE, SETTINGS
from op_platform.models.nbi import AppManifest, SubmittedApp
from op_platform.security.principal import principal
from op_platform.services.nbi import apps
from op_platform.services.nbi.ids import path_uuid


async def submit_app(request: web.Request) -> web.Response:
    manifest = await parse_body(request, AppManifest)
    async with request.config_dict[DATABASE].transaction() as session:
        app_id = await apps.submit(
            session, request.config_dict[SETTINGS], principal(request).client_id, manifest
        )
    return json_response(SubmittedApp(appId=app_id), status=201)


async def get_apps(request: web.Request) -> web.Response:
    async with request.config_dict[DATABASE].transaction() as session:
        found = await apps.list_apps(session, principal(request).client_id)
    return json_response(found)


async def get_app(request: web.Request) -> web.Response:
    app_id = path_uuid(request.match_info["appId"], "appId")
    async with request.config_dict[DATABASE].transaction() as session:
        found = await apps.details(session, principal(request).client_id, app_id)
    return json_response(found)


async def delete_app(request: web.Request) -> web.Response:
    app_id = path_uuid(request.match_info["appId"], "appId")
    async with request.config_dict[DATABASE].transaction() as session:
        queued = await apps.delete(
            session, request.config_dict[SETTINGS], principal(request).client_id, app_id
        )
    return web.Response(status=202 if queued else 204)
