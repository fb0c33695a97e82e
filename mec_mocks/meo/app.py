"""MEO application factory."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable

import httpx
from aiohttp import web

from mec_mocks.common.db import open_database
from mec_mocks.common.http import BODY_LIMITS, BodyLimits, problem_middleware
from mec_mocks.common.oauth import ClientCredentials
from mec_mocks.common.outbox import Outbox
from mec_mocks.meo import keys, store
from mec_mocks.meo.config import MeoConfig
from mec_mocks.meo.forwarding import FORWARD, Forwarder
from mec_mocks.meo.notify import Notifier
from mec_mocks.meo.onboarding import Onboarder
from mec_mocks.meo.routes import add_routes
from mec_mocks.meo.service import PackageService
from perimeter import make_client

log = logging.getLogger(__name__)


def _resources(http: httpx.AsyncClient | None) -> Callable[[web.Application], AsyncIterator[None]]:
    async def ctx(app: web.Application) -> AsyncIterator[None]:
        config = app[keys.CONFIG]
        db = await open_database(config.database, store.metadata)
        client = http or make_client(
            config.url_policy, verify=config.ca_file or True, timeout=config.fetch_timeout
        )
        outbox = Outbox(
            db, store.outbox, client, config.outbox, credentials=_op_credentials(config, client)
        )
        notifier = Notifier(db, outbox, config)
        forwarder = Forwarder(db, outbox, notifier, config)
        outbox.hooks[FORWARD] = forwarder.on_attempt
        onboarder = Onboarder(db, client, config, outbox, notifier, forwarder)
        service = PackageService(db, config, outbox, notifier, forwarder, onboarder.wake)
        app[keys.DB] = db
        app[keys.HTTP] = client
        app[keys.OUTBOX] = outbox
        app[keys.NOTIFIER] = notifier
        app[keys.FORWARDER] = forwarder
        app[keys.ONBOARDER] = onboarder
        app[keys.SERVICE] = service
        await notifier.ensure_configured()
        await outbox.start()
        await onboarder.start()
        log.info("MEO for network %s ready at %s", config.network_id, config.base_url)
        try:
            yield
        finally:
            await onboarder.stop()
            await outbox.stop()
            if http is None:
                await client.aclose()
            await db.close()

    return ctx


def _op_credentials(config: MeoConfig, http: httpx.AsyncClient) -> ClientCredentials | None:
    """The MEO's credentials at its OP (for the SBI-CR calls), when configured."""
    if not (config.op_token_url and config.op_client_id and config.op_client_secret):
        return None
    peers = [url for url in (config.op_url, config.op_notify_url, config.op_token_url) if url]
    return ClientCredentials(
        http,
        config.op_token_url,
        config.op_client_id,
        config.op_client_secret,
        scope="sbi-cr",
        origins=peers,
    )


def create_app(config: MeoConfig, *, http: httpx.AsyncClient | None = None) -> web.Application:
    """Build the MEO app. Every outbound call (package fetches, notifications, forwards) goes
    through one client pinned to ``config.url_policy``; ``http`` (optional, for tests) replaces
    it, and is not closed by the app."""
    app = web.Application(middlewares=[problem_middleware], client_max_size=config.max_json_bytes)
    app[keys.CONFIG] = config
    app[BODY_LIMITS] = BodyLimits(config.max_json_bytes, config.max_json_depth)
    app.cleanup_ctx.append(_resources(http))
    add_routes(app)
    return app
