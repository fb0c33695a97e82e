"""The application factory: one sub-application per interface, from the interface table."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable

import httpx
from aiohttp import web

from op_platform.api import ops
from op_platform.api.admin import routes as admin
from op_platform.api.ewbi import instances as ewbi_instances
from op_platform.api.ewbi.applications import onboarding_context
from op_platform.api.ewbi.pools import pool_reservations
from op_platform.api.flow.hooks import meo_subscription
from op_platform.api.interfaces import INTERFACES
from op_platform.api.middleware import context_middleware, error_middleware
from op_platform.api.nbi.hooks import local_instances
from op_platform.api.oauth import routes as oauth
from op_platform.api.spec import route_unimplemented
from op_platform.db.engine import Database
from op_platform.keys import DATABASE, HTTP, INTERFACE, METRICS, SETTINGS, UNBUILT
from op_platform.metrics import Metrics
from op_platform.outbox.lifecycle import outbox_context
from op_platform.security.lifecycle import security_context
from op_platform.services import zones
from op_platform.settings import Settings

log = logging.getLogger(__name__)

MAX_BODY = 64 * 1024 * 1024


async def _database(app: web.Application) -> AsyncIterator[None]:
    settings = app[SETTINGS]
    database = Database(settings.database_url)
    await database.upgrade()
    async with database.transaction() as session:
        await zones.sync_configured(session, settings.zones)
    app[DATABASE] = database
    log.info("database ready", extra={"dialect": "sqlite" if database.is_sqlite else "postgresql"})
    yield
    await database.close()


def _http_client(
    http: httpx.AsyncClient | None,
) -> Callable[[web.Application], AsyncIterator[None]]:
    async def context(app: web.Application) -> AsyncIterator[None]:
        client = http or httpx.AsyncClient(timeout=httpx.Timeout(10.0, connect=5.0))
        app[HTTP] = client
        yield
        if http is None:
            await client.aclose()

    return context


def create_app(settings: Settings, *, http: httpx.AsyncClient | None = None) -> web.Application:
    app = web.Application(
        middlewares=[context_middleware, error_middleware], client_max_size=MAX_BODY
    )
    app[SETTINGS] = settings
    app[METRICS] = Metrics()
    app.cleanup_ctx.append(_database)
    app.cleanup_ctx.append(_http_client(http))
    app.cleanup_ctx.append(security_context)
    app.cleanup_ctx.append(outbox_context)
    app.cleanup_ctx.append(ewbi_instances.instance_lifecycle)
    app.cleanup_ctx.append(pool_reservations)
    app.cleanup_ctx.append(onboarding_context)
    app.cleanup_ctx.append(meo_subscription)
    app.cleanup_ctx.append(local_instances)
    ops.setup(app)
    oauth.setup(app)
    admin.setup(app)
    for iface in INTERFACES:
        sub = web.Application(client_max_size=MAX_BODY)
        sub[INTERFACE] = iface.name
        iface.setup(sub)
        sub[UNBUILT] = route_unimplemented(sub, iface.spec)
        app.add_subapp(iface.root, sub)
    return app
