"""Edge site application factory: the Gateway in cleanup_ctx, the Redfish routes, the admin
routes, and three middlewares (link outage, authentication, Redfish errors)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

from aiohttp import web

from mec_mocks.edge_site import keys, paths
from mec_mocks.edge_site.admin import PREFIX as ADMIN
from mec_mocks.edge_site.admin import add_admin_routes
from mec_mocks.edge_site.config import EdgeSiteConfig
from mec_mocks.edge_site.errors import Handler, error_middleware
from mec_mocks.edge_site.gateway import Gateway
from mec_mocks.edge_site.routes import add_routes

log = logging.getLogger(__name__)

PUBLIC = {"/redfish", "/redfish/", "/redfish/v1", paths.ROOT, paths.ODATA, paths.METADATA}


@web.middleware
async def link_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """While the admin API has cut the link, Redfish requests get their connection dropped,
    as on a dead backhaul (the admin API stays reachable to restore it)."""
    gw = request.app[keys.GATEWAY]
    if request.path.startswith("/redfish") and not gw.link_up():
        if request.transport is not None:
            request.transport.abort()
        return web.Response(status=503)  # never sent: the connection is gone
    return await handler(request)


@web.middleware
async def auth_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Every Redfish resource but the root, ``odata`` and ``$metadata`` needs a session or Basic
    credentials; so does the admin API (Basic only). Logging in (POST Sessions) needs neither."""
    path = request.path
    login = request.method == "POST" and path.rstrip("/") == paths.SESSIONS
    gw = request.app[keys.GATEWAY]
    if path.startswith(ADMIN):
        gw.sessions.authenticate(request.headers, basic_only=True)
    elif path not in PUBLIC and not login:
        gw.sessions.authenticate(request.headers)
    return await handler(request)


async def _gateway(app: web.Application) -> AsyncIterator[None]:
    gw = app[keys.GATEWAY]
    await gw.start()
    log.info(
        "edge site %s (%s, %d nodes) ready at %s",
        gw.site.site_id,
        gw.site.profile.name,
        len(gw.site.nodes),
        app[keys.CONFIG].base_url,
    )
    try:
        yield
    finally:
        await gw.stop()


def create_app(config: EdgeSiteConfig) -> web.Application:
    """Build the edge site app (serve it over TLS unless ``config.tls`` is off)."""
    app = web.Application(middlewares=[link_middleware, error_middleware, auth_middleware])
    app[keys.CONFIG] = config
    app[keys.GATEWAY] = Gateway(config)
    app.cleanup_ctx.append(_gateway)
    add_routes(app)
    add_admin_routes(app)
    return app
