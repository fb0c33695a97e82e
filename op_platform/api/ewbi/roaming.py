"""EWBI roaming device authentication handler: AuthenticateDevice.

The token travels in the path: it is validated here and never logged (the access log records
the route template, not the path).
"""

from __future__ import annotations

from aiohttp import web

from op_platform.api.body import parse_params
from op_platform.api.ewbi.federation import owned
from op_platform.keys import DATABASE
from op_platform.models.ewbi import paths
from op_platform.models.ewbi.base import EwbiModel
from op_platform.models.ewbi.ids import AuthorizationToken, DeviceId
from op_platform.services.ewbi import roaming as service


class DevicePath(EwbiModel):
    deviceId: DeviceId
    authToken: AuthorizationToken


async def authenticate_device(request: web.Request) -> web.Response:
    path = parse_params(request.match_info, DevicePath, "path")
    async with request.config_dict[DATABASE].transaction() as session:
        federation = await owned(request, session)
        await service.authenticate_device(session, federation, path.deviceId, path.authToken)
    return web.Response(status=200)


def add_routes(app: web.Application) -> None:
    app.router.add_get(paths.AUTHENTICATE_DEVICE, authenticate_device, name="AuthenticateDevice")
