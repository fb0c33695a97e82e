"""Admin: the roaming device registry behind AuthenticateDevice.

``POST /admin/devices`` registers a device (or replaces its token): ``{deviceId, authToken,
homeFederation?}``; 201 when new, 200 when replaced; the token is stored hashed and never echoed.
``DELETE /admin/devices/{deviceId}`` forgets it.
"""

from __future__ import annotations

from aiohttp import web
from pydantic import BaseModel, ConfigDict

from op_platform.api.body import json_response, parse_body, parse_params
from op_platform.keys import DATABASE
from op_platform.models.ewbi.ids import AuthorizationToken, DeviceId, FederationContextId
from op_platform.services.ewbi import roaming as service


class DeviceRegistration(BaseModel):
    model_config = ConfigDict(extra="forbid")

    deviceId: DeviceId
    authToken: AuthorizationToken
    homeFederation: FederationContextId | None = None


class DevicePath(BaseModel):
    deviceId: DeviceId


async def register_device(request: web.Request) -> web.Response:
    body = await parse_body(request, DeviceRegistration)
    async with request.config_dict[DATABASE].transaction() as session:
        done = await service.register_device(
            session, body.deviceId, body.authToken, body.homeFederation
        )
    answer = {"deviceId": done.device_id, "homeFederation": done.home_federation}
    return json_response(answer, status=201 if done.created else 200)


async def remove_device(request: web.Request) -> web.Response:
    path = parse_params(request.match_info, DevicePath, "path")
    async with request.config_dict[DATABASE].transaction() as session:
        await service.remove_device(session, path.deviceId)
    return web.Response(status=204)


def setup(admin: web.Application) -> None:
    admin.router.add_post("/devices", register_device, name="admin.registerDevice")
    admin.router.add_delete("/devices/{deviceId}", remove_device, name="admin.removeDevice")
