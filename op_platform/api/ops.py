"""Operational endpoints outside the interfaces: health, readiness, metrics, the specs."""

from __future__ import annotations

import copy
import logging

import yaml
from aiohttp import web

from op_platform.api.bearer_auth import bearer_of, require_static_token
from op_platform.api.context import platform
from op_platform.api.routing import Route, add_routes
from op_platform.errors import NotFound, Unavailable
from op_platform.metrics import CONTENT_TYPE
from op_platform.models.ewbi.paths import ONBOARD_APP_PACKAGE_VARIANT as VARIANT_PATH
from op_platform.roots import FLOW_PACKAGES
from op_platform.services.flow import package_source
from op_platform.spec_files import OPENAPI_DIR, load_spec, spec_names

log = logging.getLogger(__name__)
RETRY = {"Retry-After": "5"}


async def healthz(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


async def readyz(request: web.Request) -> web.Response:
    """Ready while the database answers and would accept a write (a read-only or full
    database makes every write fail: the replica is taken out of rotation)."""
    database = platform(request).database
    try:
        await database.ping()
    except Exception as exc:
        log.warning("database not reachable", extra={"error": type(exc).__name__})
        raise Unavailable("database not reachable", headers=RETRY) from exc
    try:
        await database.check_writable()
    except Exception as exc:
        log.warning("database refuses writes", extra={"error": type(exc).__name__})
        raise Unavailable("the database does not accept writes", headers=RETRY) from exc
    return web.json_response({"status": "ready", "database": "ok"})


async def metrics(request: web.Request) -> web.Response:
    """Prometheus text; with ``security.metrics_token`` set, only for that bearer token."""
    running = platform(request)
    if running.settings.security.metrics_token is not None:
        require_static_token(request, running.settings.security.metrics_token, "metrics")
    body = running.metrics.render()
    response = web.Response(body=body)
    response.headers["Content-Type"] = CONTENT_TYPE
    return response


async def openapi(request: web.Request) -> web.StreamResponse:
    name = request.match_info["name"]
    if name not in spec_names():
        raise NotFound(f"no spec named {name!r}; known: {', '.join(spec_names())}")
    if name == "ewbi" and not platform(request).settings.flow.offer_variant:
        spec = copy.deepcopy(load_spec(name))
        spec["paths"].pop(VARIANT_PATH, None)
        text = yaml.safe_dump(spec, sort_keys=False)
        return web.Response(text=text, headers={"Content-Type": "application/yaml"})
    return web.FileResponse(
        OPENAPI_DIR / f"{name}.yaml", headers={"Content-Type": "application/yaml"}
    )


async def flow_package(request: web.Request) -> web.Response:
    """A flow's package, for the standard-only partner it went to (see ``package_source``)."""
    token = bearer_of(request.headers.get("Authorization"))
    found = await package_source.content(
        platform(request).deps, request.match_info["operation_id"], token
    )
    return web.Response(body=found.data, headers={"Content-Type": found.media_type})


ROUTES = (
    Route("GET", "/healthz", healthz, "healthz"),
    Route("GET", "/readyz", readyz, "readyz"),
    Route("GET", "/metrics", metrics, "metrics"),
    Route("GET", "/openapi/{name}.yaml", openapi, "openapi"),
    Route("GET", FLOW_PACKAGES + "/{operation_id}/content", flow_package, "flowPackage"),
)


def setup(app: web.Application) -> None:
    add_routes(app, ROUTES)
