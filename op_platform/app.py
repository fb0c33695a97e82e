"""The application factory: the running OP (one cleanup context) and one sub-application per
interface, from the interface table."""

from __future__ import annotations

import warnings
from collections.abc import AsyncIterator, Callable

import httpx
from aiohttp import web

from op_platform.api import ops
from op_platform.api.admin import routes as admin
from op_platform.api.interfaces import INTERFACES
from op_platform.api.middleware import request_middleware
from op_platform.api.oauth import routes as oauth
from op_platform.api.route_cache import CachedRouter
from op_platform.api.spec import route_unimplemented
from op_platform.api.ui import routes as ui
from op_platform.keys import INTERFACE, PLATFORM, UNBUILT
from op_platform.platform import open_platform
from op_platform.settings import Settings


def _platform(
    settings: Settings, http: httpx.AsyncClient | None
) -> Callable[[web.Application], AsyncIterator[None]]:
    async def context(app: web.Application) -> AsyncIterator[None]:
        async with open_platform(settings, http=http) as platform:
            app[PLATFORM] = platform
            yield

    return context


def create_app(settings: Settings, *, http: httpx.AsyncClient | None = None) -> web.Application:
    """The OP as an aiohttp application; ``http`` (optional) carries every outbound call and is
    not closed by the application."""
    limit = settings.limits.json_bytes  # for forms aiohttp reads itself (the token endpoint)
    with warnings.catch_warnings():  # aiohttp 3 takes a router but marks the argument deprecated
        warnings.simplefilter("ignore", DeprecationWarning)
        app = web.Application(
            router=CachedRouter(), middlewares=[request_middleware], client_max_size=limit
        )
    app.cleanup_ctx.append(_platform(settings, http))
    ops.setup(app)
    oauth.setup(app)
    admin.setup(app)
    ui.setup(app)
    for iface in INTERFACES:
        sub = web.Application(client_max_size=settings.limits.json_limit(iface.root))
        sub[INTERFACE] = iface.name
        iface.setup(sub)
        sub[UNBUILT] = route_unimplemented(sub, iface.spec)
        app.add_subapp(iface.root, sub)
    return app
