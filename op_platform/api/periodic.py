"""Work that runs every few seconds in its own transaction, as a cleanup_ctx entry of the root
application (after the database): started with the server, cancelled at shutdown. A failing pass
is logged and the next one tries again."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable

from aiohttp import web
from sqlmodel.ext.asyncio.session import AsyncSession

from op_platform.keys import DATABASE, SETTINGS
from op_platform.settings import Settings

log = logging.getLogger(__name__)

CleanupContext = Callable[[web.Application], AsyncIterator[None]]


def periodic(
    what: str,
    work: Callable[[AsyncSession], Awaitable[object]],
    *,
    interval: Callable[[Settings], float],
    enabled: Callable[[Settings], bool],
) -> CleanupContext:
    """A cleanup_ctx entry running ``work`` every ``interval(settings)`` seconds while
    ``enabled(settings)``."""

    async def context(app: web.Application) -> AsyncIterator[None]:
        settings = app[SETTINGS]

        async def run() -> None:
            while True:
                try:
                    async with app[DATABASE].transaction() as session:
                        await work(session)
                except Exception:
                    log.exception("%s failed; retrying", what)
                await asyncio.sleep(interval(settings))

        task = asyncio.create_task(run()) if enabled(settings) else None
        yield
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    return context
