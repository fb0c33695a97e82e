"""EWBI ApplicationOnboardingManagement handlers: OnboardApplication, UpdateApplication,
ViewApplication, DeleteApp (extension), DeboardApplication, OnboardExistingAppNewZones and
LockUnlockApplicationZone. The zoneForbid body is read as the standard means it: a list of
``{zoneId, forbid}``. Changes wake the onboarding driver once they are committed."""

from __future__ import annotations

from aiohttp import web

from op_platform.api.body import json_response, parse_body, parse_body_as
from op_platform.api.context import platform, wake_after_commit
from op_platform.api.ewbi.access import owned_context
from op_platform.models.ewbi.applications import (
    AdditionalZonesRequest,
    OnboardApplicationRequest,
    UpdateApplicationRequest,
    ZoneForbidRequest,
)
from op_platform.services.applications import partner_apps as service

DRIVER = "onboarding"


def _accepted(request: web.Request) -> web.Response:
    wake_after_commit(request, DRIVER)
    return web.Response(status=202)


async def onboard_application(request: web.Request) -> web.Response:
    body = await parse_body(request, OnboardApplicationRequest)
    db, federation = await owned_context(request)
    await service.onboard(db, platform(request).settings, federation.federation_context_id, body)
    return _accepted(request)


async def update_application(request: web.Request) -> web.Response:
    body = await parse_body(request, UpdateApplicationRequest)
    db, federation = await owned_context(request)
    await service.update(db, federation.federation_context_id, request.match_info["appId"], body)
    return _accepted(request)


async def view_application(request: web.Request) -> web.Response:
    db, federation = await owned_context(request)
    ctx = federation.federation_context_id
    return json_response(await service.view(db, ctx, request.match_info["appId"]))


async def delete_app(request: web.Request) -> web.Response:
    db, federation = await owned_context(request)
    await service.delete_app(db, federation.federation_context_id, request.match_info["appId"])
    return _accepted(request)


async def deboard_application(request: web.Request) -> web.Response:
    match = request.match_info
    db, federation = await owned_context(request)
    await service.deboard(db, federation.federation_context_id, match["appId"], match["zoneId"])
    return _accepted(request)


async def additional_zones(request: web.Request) -> web.Response:
    body = await parse_body(request, AdditionalZonesRequest)
    db, federation = await owned_context(request)
    await service.add_zones(
        db,
        platform(request).settings,
        federation.federation_context_id,
        request.match_info["appId"],
        body.root,
    )
    return _accepted(request)


async def zone_forbid(request: web.Request) -> web.Response:
    body = await parse_body_as(request, ZoneForbidRequest)
    db, federation = await owned_context(request)
    ctx = federation.federation_context_id
    await service.forbid(db, ctx, request.match_info["appId"], body.root)
    return web.Response(status=200)
