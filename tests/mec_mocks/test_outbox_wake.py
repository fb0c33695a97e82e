"""The mocks' outbox sends a message as soon as it is enqueued and woken, whatever the worker is
doing at that moment (its poll interval here is an hour: only a wake-up can deliver in time)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
from sqlalchemy import MetaData
from sqlalchemy.ext.asyncio import AsyncConnection

from mec_mocks.common.db import open_database
from mec_mocks.common.outbox import Outbox, OutboxConfig, outbox_table

HOUR = 3600.0
BOUND = 30.0  # bounds the test only: without a working wake-up the message waits an hour


async def test_a_wake_during_the_idle_query_is_not_lost(tmp_path: Path) -> None:
    metadata = MetaData()
    table = outbox_table(metadata)
    db = await open_database(tmp_path / "outbox.db", metadata)
    received = asyncio.Event()

    def handler(_request: httpx.Request) -> httpx.Response:
        received.set()
        return httpx.Response(204)

    http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    outbox = Outbox(db, table, http, OutboxConfig(poll_interval=HOUR))
    real_read = db.read
    reads = 0

    async def enqueue_and_wake() -> None:
        async with db.transaction() as conn:
            await outbox.enqueue(conn, kind="n", url="http://peer.test/n", body={"a": 1})
        outbox.wake()

    @contextlib.asynccontextmanager
    async def read() -> AsyncIterator[AsyncConnection]:
        nonlocal reads
        reads += 1
        async with real_read() as conn:
            yield conn
        if reads == 2:  # the idle worker's query of the next due time has just read nothing
            await enqueue_and_wake()

    db.read = read  # type: ignore[method-assign]
    await outbox.start()
    try:
        await asyncio.wait_for(received.wait(), BOUND)
    finally:
        await outbox.stop()
        await http.aclose()
        await db.close()
    assert reads >= 2
