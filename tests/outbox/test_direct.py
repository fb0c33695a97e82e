"""With ``outbox.direct_sends``, a message enqueued while this process's worker has a free slot
is written leased to it and sent once its transaction commits, without a claim; a rollback, a
savepoint or an older unfinished message of the same ordering key leaves it to the ordinary
claim. The setting is on by default."""

from __future__ import annotations

import asyncio

import pytest
from aiohttp import web

from op_platform.keys import PLATFORM
from op_platform.outbox import enqueue
from op_platform.outbox.direct import _TAKERS
from op_platform.outbox.worker import OutboxWorker
from tests.conftest import OpFactory
from tests.outbox.helpers import (
    FAST,
    Receiver,
    all_delivered,
    eventually,
    messages,
    put,
    serve_handler,
)

DIRECT = {**FAST, "direct_sends": True}
SLOW_POLL = {**DIRECT, "poll_interval": 3600.0}  # a claim would wait for a wake-up, not a poll


def worker_of(op: object) -> OutboxWorker:
    return op.app[PLATFORM].outbox  # type: ignore[attr-defined, no-any-return]


async def test_a_message_is_written_leased_and_sent_without_a_claim(
    start_ops: OpFactory, receiver: Receiver
) -> None:
    op = await start_ops(outbox=SLOW_POLL)
    worker = worker_of(op)
    claims: list[int] = []
    step = worker._step

    async def counting_step(limit: int | None = None) -> list[object]:
        claimed = await step(limit)
        claims.append(len(claimed))
        return claimed  # type: ignore[return-value]

    worker._step = counting_step  # type: ignore[method-assign, assignment]
    async with op.app[PLATFORM].database.transaction() as session:
        message = await enqueue(
            session, kind="t", method="POST", url=receiver.url + "/x", body={"n": 1}
        )
        assert (message.status, message.attempts) == ("in_flight", 1)
        assert message.lease_owner == worker.owner
        assert receiver.received == []  # nothing leaves before the commit
    await eventually(lambda: all_delivered(op, 1), what="the message")
    assert receiver.numbers() == [1]
    assert sum(claims) == 0  # recorded by the worker's step, never claimed by it
    assert worker._reserved == 0


async def test_a_rollback_gives_the_slot_back_and_sends_nothing(
    start_ops: OpFactory, receiver: Receiver
) -> None:
    op = await start_ops(outbox={**SLOW_POLL, "concurrency": 1})
    worker = worker_of(op)
    with pytest.raises(RuntimeError):
        async with op.app[PLATFORM].database.transaction() as session:
            await enqueue(session, kind="t", method="POST", url=receiver.url + "/x", body={"n": 0})
            assert worker._reserved == 1 and worker._free() == 0
            raise RuntimeError("the state change failed")
    assert worker._reserved == 0 and worker._free() == 1
    await put(op, receiver.url + "/x", 1)
    await eventually(lambda: all_delivered(op, 1), what="the committed message")
    assert receiver.numbers() == [1]
    assert len(await messages(op)) == 1


async def test_a_savepoint_leaves_the_message_to_the_claim(
    start_ops: OpFactory, receiver: Receiver
) -> None:
    op = await start_ops(outbox=DIRECT)
    async with op.app[PLATFORM].database.transaction() as session:
        async with session.begin_nested():
            message = await enqueue(
                session, kind="t", method="POST", url=receiver.url + "/x", body={"n": 1}
            )
        assert message.status == "pending"
    await eventually(lambda: all_delivered(op, 1), what="the message, claimed")
    assert worker_of(op)._reserved == 0


async def test_an_unfinished_message_of_the_key_keeps_the_next_one_waiting(
    start_ops: OpFactory,
) -> None:
    arrived: list[int] = []
    release = asyncio.Event()

    async def handle(request: web.Request) -> web.Response:
        n = (await request.json())["n"]
        arrived.append(n)
        if n == 1:
            await release.wait()
        return web.Response(status=204)

    server = await serve_handler(handle)
    try:
        op = await start_ops(outbox=DIRECT)
        url = f"http://127.0.0.1:{server.port}/x"
        first = await put(op, url, 1, ordering_key="flow:a")
        await eventually(lambda: arrived == [1], what="the first send")
        second = await put(op, url, 2, ordering_key="flow:a")
        other = await put(op, url, 3, ordering_key="flow:b")
        assert first.status == "in_flight" and other.status == "in_flight"
        assert second.status == "pending"  # the first of its key is still being sent
        await eventually(lambda: 3 in arrived, what="the other key's message")
        assert 2 not in arrived
        release.set()
        await eventually(lambda: all_delivered(op, 3), what="every message")
        assert arrived.index(1) < arrived.index(2)
    finally:
        release.set()
        await server.stop()


async def test_stopping_with_sends_in_flight_ends(start_ops: OpFactory) -> None:
    release = asyncio.Event()

    async def handle(request: web.Request) -> web.Response:
        await release.wait()
        return web.Response(status=204)

    server = await serve_handler(handle)
    try:
        op = await start_ops(outbox=DIRECT)
        url = f"http://127.0.0.1:{server.port}/x"
        for n in range(3):
            await put(op, url, n, destination=f"peer-{n}")
        worker = worker_of(op)
        await eventually(lambda: len(worker._sends) == 3, what="three sends in flight")
        stopping = asyncio.create_task(worker.stop())
        await asyncio.sleep(0.1)
        release.set()
        await asyncio.wait_for(stopping, 30)
        assert worker._sends == {} and worker._reserved == 0
        assert not worker.reserve("peer-0")  # a stopped worker takes nothing
    finally:
        release.set()
        await server.stop()


async def test_two_transactions_of_one_key_at_once_send_one_directly(
    start_ops: OpFactory, receiver: Receiver
) -> None:
    op = await start_ops(outbox=DIRECT)
    database = op.app[PLATFORM].database
    if database.is_sqlite:
        pytest.skip("SQLite transactions run one at a time: the second cannot begin")
    url = receiver.url + "/x"
    opening, closing = database.transaction(), database.transaction()
    first, second = await opening.__aenter__(), await closing.__aenter__()
    try:
        one = await enqueue(
            first, kind="t", method="POST", url=url, body={"n": 1}, ordering_key="k"
        )
        two = await enqueue(
            second, kind="t", method="POST", url=url, body={"n": 2}, ordering_key="k"
        )
        assert (one.status, two.status) == ("in_flight", "pending")
    finally:
        await opening.__aexit__(None, None, None)  # the first commits first
        await closing.__aexit__(None, None, None)
    await eventually(lambda: all_delivered(op, 2), what="both messages")
    assert receiver.numbers() == [1, 2]


async def test_a_message_committed_while_the_worker_stops_is_sent(
    start_ops: OpFactory, receiver: Receiver
) -> None:
    op = await start_ops(outbox=DIRECT)
    worker = worker_of(op)
    async with op.app[PLATFORM].database.transaction() as session:
        message = await enqueue(
            session, kind="t", method="POST", url=receiver.url + "/x", body={"n": 1}
        )
        assert message.status == "in_flight"
        stopping = asyncio.create_task(worker.stop())
        await asyncio.sleep(0.05)
        assert not stopping.done()  # it waits for the transaction holding a slot
    await asyncio.wait_for(stopping, 30)
    assert receiver.numbers() == [1]
    [row] = await messages(op)
    assert row.status == "delivered" and row.lease_owner is None


async def test_direct_sends_are_on_unless_the_setting_says_no(start_ops: OpFactory) -> None:
    plain = await start_ops(outbox={**FAST, "direct_sends": False})
    direct = await start_ops("op-direct", outbox=FAST)
    for op, expected in ((plain, False), (direct, True)):
        engine = op.app[PLATFORM].database.engine.sync_engine
        assert (engine in _TAKERS) is expected
