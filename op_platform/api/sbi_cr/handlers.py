"""SBI-CR: the MEO forwards cross-network packages here and reports package events.

Both hand the flow the service bundle: the flow owns its transactions (it calls the partner or
the MEO between them), so these handlers do not use the request's unit of work.
"""

from __future__ import annotations

from aiohttp import web

from op_platform.api.body import json_response, parse_body, parse_params
from op_platform.api.context import platform
from op_platform.clients.call import PeerError
from op_platform.errors import NotFound, OpError, Unavailable, UpstreamError
from op_platform.models.ewbi.variant import CreateAppPkg, VariantPath
from op_platform.models.meo import AppPkgNotification
from op_platform.services.flow import notifications, origin

MEO_RETRY_AFTER = 5  # seconds


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
    """204 once recorded. A package the MEO itself does not know is 404 (the MEO stops sending
    it); a MEO that cannot be asked is 503 with ``Retry-After`` (the MEO sends it again)."""
    event = await parse_body(request, AppPkgNotification)
    try:
        await notifications.meo_event(platform(request).deps, event)
    except PeerError as exc:
        if exc.peer_status == 404:
            raise NotFound(
                f"application package {event.appPkgId} is not known to this OP's MEO",
                params=[("appPkgId", "unknown package")],
            ) from exc
        raise _meo_unavailable(exc) from exc
    except UpstreamError as exc:  # the MEO's answer is not an AppPkgInfo
        raise _meo_unavailable(exc) from exc
    return web.Response(status=204)


def _meo_unavailable(exc: OpError) -> Unavailable:
    return Unavailable(
        f"this OP's MEO could not be asked about the package: {exc.detail}",
        cause="meo_unavailable",
        headers={"Retry-After": str(MEO_RETRY_AFTER)},
    )
