"""SBI-CR: the MEO forwards cross-network packages here and reports package events."""

from __future__ import annotations

from aiohttp import web
from pydantic import BaseModel, Field

from op_platform.api.body import json_response, parse_body, parse_params, read_json
from op_platform.api.flow.hooks import request_deps
from op_platform.errors import InvalidInput
from op_platform.models.ewbi.variant import ApplicationType, CreateAppPkg
from op_platform.services.flow import notifications, origin


class VariantPath(BaseModel):
    targetNetworkId: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
    applicationType: ApplicationType


async def onboard_variant(request: web.Request) -> web.Response:
    where = parse_params(request.match_info, VariantPath, "path")
    package = await parse_body(request, CreateAppPkg)
    reply = await origin.receive(
        request_deps(request),
        where.targetNetworkId,
        where.applicationType.value,
        package,
        meo_app_pkg_id=request.headers.get("x-meo-app-pkg-id"),
        meo_notification_uri=request.headers.get("x-meo-notification-uri"),
    )
    return json_response(reply.body, status=reply.status, headers=reply.headers)


async def package_notification(request: web.Request) -> web.Response:
    event = await read_json(request)
    if (
        not isinstance(event, dict)
        or not event.get("appPkgId")
        or not event.get("notificationType")
    ):
        raise InvalidInput(
            "an AppPkgNotification needs notificationType and appPkgId",
            params=[("body.notificationType", "required"), ("body.appPkgId", "required")],
        )
    await notifications.meo_event(request_deps(request), event)
    return web.Response(status=204)


def add_routes(app: web.Application) -> None:
    app.router.add_post(
        "/op_target_systems/{targetNetworkId}/apptype/{applicationType}/app_packages",
        onboard_variant,
        name="forwardAppPackage",
    )
    app.router.add_post("/notifications", package_notification, name="receiveAppPkgNotification")
