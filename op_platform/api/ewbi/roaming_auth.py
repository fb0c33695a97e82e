"""EWBI LBORoamingAuthentication handler: AuthenticateDevice.

The token travels in the path: it is validated here and never logged (the access log records
the route template, not the path).
"""

from __future__ import annotations

from aiohttp import web

from op_platform.api.body import parse_params
from op_platform.api.ewbi.access import owned_context
from op_platform.models.ewbi.base import EwbiModel
from op_platform.models.ewbi.ids import AuthorizationToken, DeviceId
from op_platform.services.discovery import roaming_devices as service


class DevicePath(EwbiModel):
    deviceId: DeviceId
    authToken: AuthorizationToken


async def authenticate_device(request: web.Request) -> web.Response:
    path = parse_params(request.match_info, DevicePath, "path")
    db, federation = await owned_context(request)
    await service.authenticate_device(db, federation, path.deviceId, path.authToken)
    return web.Response(status=200)
