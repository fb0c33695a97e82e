"""A mock's background worker stops between passes: a pass in progress may finish (within
``STOP_GRACE``) instead of being cancelled in the middle of a database statement, a pass that
outlives the grace is cancelled, and stopping a worker that never ran is harmless."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import httpx
import pytest
from sqlalchemy import MetaData

from mec_mocks.common import tasks
from mec_mocks.common.db import open_database
from mec_mocks.common.outbox import DELIVERED, Outbox, OutboxConfig, outbox_table
from mec_mocks.common.tasks import Worker

HOUR = 3600.0
BOUND = 10.0  # bounds the test only


async def test_stop_lets_the_outbox_finish_the_delivery_in_progress(tmp_path: Path) -> None:
    metadata = MetaData()
    table = outbox_table(metadata)
    db = await open_database(tmp_path / "outbox.db", metadata)
    posting, release = asyncio.Event(), asyncio.Event()

    async def handler(_request: httpx.Request) -> httpx.Response:
        posting.set()
        await release.wait()  # the receiver answers only after the stop has begun
        return httpx.Response(204)

    http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    outbox = Outbox(db, table, http, OutboxConfig(poll_interval=HOUR))
    try:
        async with db.transaction() as conn:
            await outbox.enqueue(conn, kind="n", url="http://peer.test/n", body={"a": 1})
        await outbox.start()
        await asyncio.wait_for(posting.wait(), BOUND)
        stopping = asyncio.create_task(outbox.stop())
        await asyncio.sleep(0.1)
        assert not stopping.done()  # waiting for the pass, not cancelling it
        release.set()
        await asyncio.wait_for(stopping, BOUND)
        (row,) = await outbox.messages()
    finally:
        await outbox.stop()
        await http.aclose()
        await db.close()
    assert row["status"] == DELIVERED and row["attempts"] == 1  # its outcome was recorded


class Stuck(Worker):
    """One pass that never ends by itself."""

    def __init__(self) -> None:
        self.started = asyncio.Event()
        self.cancelled_after: float | None = None

    async def _run(self) -> None:
        self.started.set()
        began = time.monotonic()
        try:
            await asyncio.sleep(HOUR)
        except asyncio.CancelledError:
            self.cancelled_after = time.monotonic() - began
            raise


async def test_a_pass_that_outlives_the_grace_is_cancelled(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tasks, "STOP_GRACE", 0.3)
    worker = Stuck()
    await worker.start()
    await asyncio.wait_for(worker.started.wait(), BOUND)
    await asyncio.wait_for(worker.stop(), BOUND)  # returns although the pass never would
    assert worker.cancelled_after is not None  # cancelled, after it had its grace
    assert worker.cancelled_after >= 0.25


class Counting(Worker):
    """Counts its passes; idles an hour between them."""

    def __init__(self) -> None:
        self.passes = 0
        self.ran = asyncio.Event()

    async def _run(self) -> None:
        while not self._stopping:
            self._wake.clear()
            self.passes += 1
            self.ran.set()
            await self._idle(HOUR)


async def test_stop_before_start_is_harmless_and_a_worker_can_start_again() -> None:
    worker = Counting()
    await asyncio.wait_for(worker.stop(), BOUND)  # never started
    await asyncio.wait_for(worker.stop(), BOUND)
    await worker.start()
    await asyncio.wait_for(worker.ran.wait(), BOUND)
    await asyncio.wait_for(worker.stop(), BOUND)  # an idle worker stops at once, not in an hour
    assert worker.passes == 1
    worker.ran.clear()
    await worker.start()  # a stopped worker runs passes again once restarted
    await asyncio.wait_for(worker.ran.wait(), BOUND)
    await worker.stop()
    assert worker.passes == 2
