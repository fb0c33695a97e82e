"""EWBI application onboarding handlers, and the onboarding driver's lifecycle.

OnboardApplication, UpdateApplication, ViewApplication, DeleteApp (extension),
DeboardApplication, OnboardExistingAppNewZones and LockUnlockApplicationZone. The zoneForbid body
is read as the standard means it: a list of ``{zoneId, forbid}``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

from aiohttp import web

from op_platform.api.body import json_response, parse_body, parse_body_as
from op_platform.api.ewbi.federation import owned
from op_platform.keys import DATABASE, SETTINGS
from op_platform.models.ewbi import paths
from op_platform.models.ewbi.applications import (
    AdditionalZonesRequest,
    OnboardApplicationRequest,
    UpdateApplicationRequest,
    ZoneForbidRequest,
)
from op_platform.services.ewbi import onboarding as service
from op_platform.services.ewbi.onboarding_driver import OnboardingDriver

ONBOARDING = web.AppKey("ewbi_onboarding", OnboardingDriver)


def _wake(request: web.Request) -> None:
    driver = request.config_dict.get(ONBOARDING)
    if driver is not None:
        driver.wake()


async def onboard_application(request: web.Request) -> web.Response:
    body = await parse_body(request, OnboardApplicationRequest)
    async with request.config_dict[DATABASE].transaction() as session:
        ctx = (await owned(request, session)).federation_context_id
        await service.onboard(session, request.config_dict[SETTINGS], ctx, body)
    _wake(request)
    return web.Response(status=202)


async def update_application(request: web.Request) -> web.Response:
    body = await parse_body(request, UpdateApplicationRequest)
    async with request.config_dict[DATABASE].transaction() as session:
        ctx = (await owned(request, session)).federation_context_id
        await service.update(session, ctx, request.match_info["appId"], body)
    _wake(request)
    return web.Response(status=202)


async def view_application(request: web.Request) -> web.Response:
    async with request.config_dict[DATABASE].transaction() as session:
        ctx = (await owned(request, session)).federation_context_id
        answer = await service.view(session, ctx, request.match_info["appId"])
    return json_response(answer)


async def delete_app(request: web.Request) -> web.Response:
    async with request.config_dict[DATABASE].transaction() as session:
        ctx = (await owned(request, session)).federation_context_id
        await service.delete_app(session, ctx, request.match_info["appId"])
    _wake(request)
    return web.Response(status=202)


async def deboard_application(request: web.Request) -> web.Response:
    match = request.match_info
    async with request.config_dict[DATABASE].transaction() as session:
        ctx = (await owned(request, session)).federation_context_id
        await service.deboard(session, ctx, match["appId"], match["zoneId"])
    _wake(request)
    return web.Response(status=202)


async def additional_zones(request: web.Request) -> web.Response:
    body = await parse_body(request, AdditionalZonesRequest)
    async with request.config_dict[DATABASE].transaction() as session:
        ctx = (await owned(request, session)).federation_context_id
        await service.add_zones(
            session, request.config_dict[SETTINGS], ctx, request.match_info["appId"], body.root
        )
    _wake(request)
    return web.Response(status=202)


async def zone_forbid(request: web.Request) -> web.Response:
    body = await parse_body_as(request, ZoneForbidRequest)
    async with request.config_dict[DATABASE].transaction() as session:
        ctx = (await owned(request, session)).federation_context_id
        await service.forbid(session, ctx, request.match_info["appId"], body.root)
    return web.Response(status=200)


def add_routes(app: web.Application) -> None:
    router = app.router
    router.add_post(paths.ONBOARD_APPLICATION, onboard_application, name="OnboardApplication")
    router.add_patch(paths.UPDATE_APPLICATION, update_application, name="UpdateApplication")
    router.add_get(paths.VIEW_APPLICATION, view_application, name="ViewApplication")
    router.add_delete(paths.DELETE_APP, delete_app, name="DeleteApp")
    router.add_delete(paths.DEBOARD_APPLICATION, deboard_application, name="DeboardApplication")
    router.add_post(
        paths.ONBOARD_EXISTING_APP_NEW_ZONES, additional_zones, name="OnboardExistingAppNewZones"
    )
    router.add_post(
        paths.LOCK_UNLOCK_APPLICATION_ZONE, zone_forbid, name="LockUnlockApplicationZone"
    )


async def onboarding_context(app: web.Application) -> AsyncIterator[None]:
    """cleanup_ctx of the root application: runs the onboarding driver (after the database)."""
    settings = app[SETTINGS]
    driver = OnboardingDriver(app[DATABASE], settings)
    app[ONBOARDING] = driver
    if settings.onboarding.enabled:
        driver.start()
    yield
    await driver.stop()
