"""NEF application factory."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable

import httpx
from aiohttp import web

from mec_mocks.common.db import open_database
from mec_mocks.common.http import problem_middleware
from mec_mocks.nef import keys, store
from mec_mocks.nef.auth import Tokens, auth_middleware, token_handler
from mec_mocks.nef.config import NefConfig
from mec_mocks.nef.gate import Gate, gate_middleware
from mec_mocks.nef.routes import add_routes
from mec_mocks.nef.system import build
from perimeter import make_client

log = logging.getLogger(__name__)


def _resources(
    http: httpx.AsyncClient | None, gate: Gate, tokens: Tokens
) -> Callable[[web.Application], AsyncIterator[None]]:
    async def ctx(app: web.Application) -> AsyncIterator[None]:
        config = app[keys.CONFIG]
        db = await open_database(config.database, store.metadata) if config.database else None
        client = http or make_client(
            config.url_policy, verify=config.ca_file or True, timeout=config.notify_timeout
        )
        nef = build(config, client, db, gate, tokens)
        await nef.store.load()
        nef.mobility.restore()
        app[keys.NEF] = nef
        await nef.mobility.start()
        log.info(
            "NEF ready at %s: %d UEs, DNAIs %s",
            config.base_url,
            len(nef.network.ues),
            ", ".join(f"{s.zone}={s.dnai}" for s in config.sites),
        )
        try:
            yield
        finally:
            await nef.mobility.stop()
            await nef.notifier.close()
            if http is None:
                await client.aclose()
            if db is not None:
                await db.close()

    return ctx


def create_app(config: NefConfig, *, http: httpx.AsyncClient | None = None) -> web.Application:
    """Build the NEF app; ``http`` (optional) sends the notifications and is not closed by it."""
    gate = Gate()
    tokens = Tokens(config.clients, config.token_lifetime)
    app = web.Application(
        middlewares=[problem_middleware, gate_middleware(gate), auth_middleware(tokens)]
    )
    app[keys.CONFIG] = config
    app.cleanup_ctx.append(_resources(http, gate, tokens))
    add_routes(app, token_handler(tokens))
    return app
