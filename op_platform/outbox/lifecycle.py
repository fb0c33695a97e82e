"""Running the outbox worker for the lifetime of an application."""

from __future__ import annotations

from collections.abc import AsyncIterator

from aiohttp import web

from op_platform.keys import DATABASE, HTTP, METRICS, OUTBOX, SETTINGS
from op_platform.outbox.worker import OutboxWorker


async def outbox_context(app: web.Application) -> AsyncIterator[None]:
    """cleanup_ctx entry (after the database and the http client): the worker runs in between.

    With ``outbox.enabled = false`` the worker object exists (messages can be enqueued and listed)
    but nothing is sent from this process.
    """
    settings = app[SETTINGS].outbox
    worker = OutboxWorker(app, app[DATABASE], app[HTTP], settings, app[METRICS])
    app[OUTBOX] = worker
    if settings.enabled:
        await worker.start()
    yield
    await worker.stop()
