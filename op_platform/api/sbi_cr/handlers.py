"""SBI-CR: the MEO forwards cross-network packages here and reports package events.

Both hand the flow the service bundle: the flow owns its transactions (it calls the partner or
the MEO between them), so these handlers do not use the request's unit of work.
"""

from __future__ import annotations

from aiohttp import web

from op_platform.api.body import json_response, parse_body, parse_params
from op_platform.api.context import platform
from op_platform.models.ewbi.variant import CreateAppPkg, VariantPath
from op_platform.models.meo import AppPkgNotification
from op_platform.services.flow import notifications, origin


async def onboard_variant(request: web.Request) -> web.Response:
    where = parse_params(request.match_info, VariantPath, "path")
    package = await parse_body(request, CreateAppPkg)
    reply = await origin.receive(
        platform(request).deps,
        where.targetNetworkId,
        where.applicationType.value,
        package,
        meo_app_pkg_id=request.headers.get("x-meo-app-pkg-id"),
    )
    return json_response(reply.body, status=reply.status, headers=reply.headers)


async def package_notification(request: web.Request) -> web.Response:
    event = await parse_body(request, AppPkgNotification)
    await notifications.meo_event(platform(request).deps, event)
    return web.Response(status=204)
