"""The mocks' outbox sends continuously: a slow send holds its own slot only, never the messages
queued behind it, and a message is never sent twice at once nor more than ``batch`` at once."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import httpx
from sqlalchemy import MetaData

from mec_mocks.common.db import Database, open_database
from mec_mocks.common.outbox import DELIVERED, Outbox, OutboxConfig, outbox_table
from mec_mocks.testing import wait_for

HOUR = 3600.0
BOUND = 30.0  # bounds the test only: a held-back message would wait for the slow send forever


async def _enqueue(db: Database, outbox: Outbox, url: str) -> None:
    async with db.transaction() as conn:
        await outbox.enqueue(conn, kind="n", url=url, body={"to": url})
    outbox.wake()


async def _until(predicate: Callable[[], bool]) -> None:
    async def holds() -> bool:
        return predicate()

    await wait_for(holds, deadline=BOUND, interval=0.01)


async def _all_delivered(outbox: Outbox, count: int) -> None:
    async def delivered() -> bool:
        return [m["status"] for m in await outbox.messages()] == [DELIVERED] * count

    await wait_for(delivered, deadline=BOUND, what="every message delivered")


async def test_a_slow_send_does_not_hold_back_a_message_to_another_destination(
    tmp_path: Path,
) -> None:
    metadata = MetaData()
    table = outbox_table(metadata)
    db = await open_database(tmp_path / "outbox.db", metadata)
    slow_arrived, release_slow, fast_arrived = asyncio.Event(), asyncio.Event(), asyncio.Event()

    async def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "slow.test":
            slow_arrived.set()
            await release_slow.wait()
        else:
            fast_arrived.set()
        return httpx.Response(204)

    http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    outbox = Outbox(db, table, http, OutboxConfig(poll_interval=HOUR))
    await outbox.start()
    try:
        await _enqueue(db, outbox, "http://slow.test/n")
        await asyncio.wait_for(slow_arrived.wait(), BOUND)
        await _enqueue(db, outbox, "http://fast.test/n")
        await asyncio.wait_for(fast_arrived.wait(), BOUND)  # while the slow send still waits
        assert not release_slow.is_set()
        release_slow.set()
        await _all_delivered(outbox, 2)
    finally:
        release_slow.set()
        await outbox.stop()
        await http.aclose()
        await db.close()


async def test_sends_stay_within_the_concurrency_and_never_overlap_for_one_message(
    tmp_path: Path,
) -> None:
    metadata = MetaData()
    table = outbox_table(metadata)
    db = await open_database(tmp_path / "outbox.db", metadata)
    total, slots = 7, 3
    in_flight: set[str] = set()
    sent: list[str] = []
    overlapped: list[str] = []
    most = finished = 0
    gate = asyncio.Semaphore(0)

    async def handler(request: httpx.Request) -> httpx.Response:
        nonlocal most, finished
        path = request.url.path
        if path in in_flight:
            overlapped.append(path)
        in_flight.add(path)
        most = max(most, len(in_flight))
        sent.append(path)
        await gate.acquire()
        in_flight.discard(path)
        finished += 1
        return httpx.Response(204)

    http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    # A short poll: the worker looks again and again while the sends are held at the gate.
    outbox = Outbox(db, table, http, OutboxConfig(poll_interval=0.01, batch=slots))
    await outbox.start()
    try:
        for i in range(total):
            await _enqueue(db, outbox, f"http://peer.test/{i}")
        for done in range(total):
            # Every free slot is taken again as soon as a send finishes, and no more.
            await _until(lambda d=done: len(in_flight) == min(slots, total - d))
            gate.release()
            await _until(lambda d=done: finished == d + 1)
        await _all_delivered(outbox, total)
    finally:
        for _ in range(total):
            gate.release()
        await outbox.stop()
        await http.aclose()
        await db.close()
    assert sorted(sent) == sorted(f"/{i}" for i in range(total))
    assert not overlapped
    assert most == slots
