"""Claimed ahead: a worker claims up to ``concurrency`` more messages than it has slots for; one
starts as soon as a send finishes, with no transaction in between; one whose lease is half gone
or whose destination is held is handed back unsent, and so is every one still waiting when the
worker stops (pending, due, the attempt not counted)."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from aiohttp import web

from op_platform.db.tables.columns import utcnow
from op_platform.keys import PLATFORM
from op_platform.outbox.worker import OutboxWorker
from tests.conftest import OpFactory
from tests.outbox.helpers import FAST, Receiver, eventually, messages, put, serve_handler


async def test_a_finished_send_starts_a_waiting_message_without_a_step(
    start_ops: OpFactory, receiver: Receiver
) -> None:
    op = await start_ops(outbox={**FAST, "enabled": False, "concurrency": 2})
    for n in range(4):
        await put(op, receiver.url + "/x", n, destination=f"peer-{n}")
    worker: OutboxWorker = op.app[PLATFORM].outbox
    claimed = await worker._step()
    assert len(claimed) == 4  # 2 slots, 2 waiting
    worker._ready.extend(claimed)
    worker._fill()
    assert len(worker._sends) == 2 and len(worker._ready) == 2
    # The worker's loop is not running (outbox disabled): only a finished send can start the
    # waiting two.
    await eventually(lambda: len(receiver.received) == 4, what="all four sent")
    await eventually(lambda: not worker._sends, what="the sends done")
    assert not worker._ready and len(worker._finished) == 4
    await worker._step(0)
    rows = await messages(op)
    assert [row.status for row in rows] == ["delivered"] * 4
    assert [row.attempts for row in rows] == [1] * 4


async def test_waiting_messages_are_handed_back_when_the_worker_stops(
    start_ops: OpFactory,
) -> None:
    release = asyncio.Event()
    arrived: list[int] = []

    async def hang(request: web.Request) -> web.Response:
        arrived.append((await request.json())["n"])
        await release.wait()
        return web.Response(status=204)

    slow = await serve_handler(hang)
    try:
        op = await start_ops(outbox={**FAST, "concurrency": 1})
        for n in range(3):
            await put(op, f"{slow.url}/x", n, destination=f"peer-{n}")
        worker: OutboxWorker = op.app[PLATFORM].outbox
        await eventually(lambda: len(arrived) == 1 and len(worker._ready) == 1, what="claims")
        await worker.stop()
        rows = await messages(op)
        assert sorted(row.status for row in rows) == ["pending"] * 3
        assert [row.attempts for row in rows] == [0, 0, 0]  # no attempt counted
        assert all(row.lease_owner is None for row in rows)
        assert len(arrived) == 1
    finally:
        release.set()
        await slow.stop()


async def test_a_waiting_message_with_half_its_lease_gone_is_handed_back(
    start_ops: OpFactory, receiver: Receiver
) -> None:
    op = await start_ops(outbox={**FAST, "enabled": False, "concurrency": 1})
    for n in range(2):
        await put(op, receiver.url + "/x", n, destination=f"peer-{n}")
    worker: OutboxWorker = op.app[PLATFORM].outbox
    first, second = await worker._step()
    second.lease_until = utcnow() + timedelta(seconds=worker.lease_seconds / 2 - 1)
    worker._ready.extend([second, first])
    worker._fill()
    assert list(worker._sends.values()) == [first] and worker._handback == [second]
    await eventually(lambda: len(receiver.received) == 1, what="the first sent")
    await eventually(lambda: not worker._sends, what="its send done")
    await worker._step(0)
    rows = {row.id: row for row in await messages(op)}
    assert (rows[first.id].status, rows[first.id].attempts) == ("delivered", 1)
    assert (rows[second.id].status, rows[second.id].attempts) == ("pending", 0)
    assert rows[second.id].lease_owner is None
    assert receiver.numbers() == [0]


async def test_a_waiting_message_to_a_held_destination_is_handed_back(
    start_ops: OpFactory, receiver: Receiver
) -> None:
    op = await start_ops(outbox={**FAST, "enabled": False, "breaker_threshold": 1})
    await put(op, receiver.url + "/x", 1, destination="peer-a")
    worker: OutboxWorker = op.app[PLATFORM].outbox
    [message] = await worker._step()
    worker.breaker.on_failure("peer-a")  # its circuit opened after the claim
    worker._ready.append(message)
    worker._fill()
    assert not worker._sends and worker._handback == [message]
    await worker._step(0)
    [row] = await messages(op)
    assert (row.status, row.attempts, row.lease_owner) == ("pending", 0, None)
    assert receiver.received == []
