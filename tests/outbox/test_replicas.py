"""Several workers on one database: each message is delivered once; dead workers' leases expire."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from datetime import timedelta

from sqlalchemy import update

from op_platform.db.engine import Database
from op_platform.db.tables.columns import utcnow
from op_platform.db.tables.outbox_rows import OutboxMessage
from op_platform.keys import PLATFORM
from op_platform.outbox.worker import OutboxWorker
from op_platform.settings import OutboxSettings
from tests.conftest import OpFactory
from tests.helpers.servers import free_port, op_settings, start_op
from tests.outbox.helpers import FAST, Receiver, all_delivered, eventually, messages, put


async def test_two_replicas_deliver_each_message_once(
    start_ops: OpFactory, receiver: Receiver
) -> None:
    first = await start_ops(outbox=FAST)
    assert first.settings is not None
    second = await start_op(
        op_settings(first.settings.database_url, free_port(), "op-test", outbox=FAST)
    )
    try:
        async with first.app[PLATFORM].database.transaction() as session:
            for n in range(50):
                await _enqueue(session, receiver.url, n)
        await eventually(lambda: all_delivered(first, 50), within=60, what="fifty deliveries")
        numbers = receiver.numbers()
        assert sorted(numbers) == list(range(50)), "each message exactly once"
        by_peer: dict[int, list[int]] = defaultdict(list)
        for n in numbers:
            by_peer[n % 10].append(n)
        assert all(sent == sorted(sent) for sent in by_peer.values()), "created order per peer"
        rows = await messages(first)
        assert all(row.attempts == 1 for row in rows)
    finally:
        await second.stop()


async def _enqueue(session: object, url: str, n: int) -> None:
    from op_platform.outbox import enqueue

    await enqueue(
        session,  # type: ignore[arg-type]
        kind="test.call",
        method="POST",
        url=url + "/x",
        body={"n": n},
        destination=f"peer-{n % 10}",
    )


async def test_concurrent_claims_never_overlap(start_ops: OpFactory, receiver: Receiver) -> None:
    op = await start_ops(outbox={**FAST, "enabled": False})
    for n in range(60):
        await put(op, receiver.url + "/x", n, destination=f"peer-{n}")
    assert op.settings is not None
    replicas = [Database(op.settings.database_url) for _ in range(3)]
    platform = op.app[PLATFORM]
    settings = OutboxSettings(**{**FAST, "lease_seconds": 300})
    workers = [
        OutboxWorker(db, platform.http, settings, platform.metrics, platform.outbox_handlers)
        for db in replicas
    ]
    try:
        claimed: list[str] = []
        for _ in range(30):
            rounds = await asyncio.gather(*(worker._step(4) for worker in workers))
            claimed += [message.id for batch in rounds for message in batch]
            if len(claimed) >= 60:
                break
        assert len(claimed) == len(set(claimed)) == 60
        rows = await messages(op)
        assert {row.lease_owner for row in rows} <= {worker.owner for worker in workers}
        assert all(row.status == "in_flight" and row.attempts == 1 for row in rows)
    finally:
        for db in replicas:
            await db.close()
    assert receiver.received == []


async def test_an_expired_lease_is_claimed_again(start_ops: OpFactory, receiver: Receiver) -> None:
    op = await start_ops(outbox={**FAST, "enabled": False})
    message = await put(op, receiver.url + "/x", 1)
    worker: OutboxWorker = op.app[PLATFORM].outbox
    [claimed] = await worker._step(10)
    assert claimed.id == message.id and claimed.lease_owner == worker.owner
    assert await worker._step(10) == []  # leased: nobody else may take it
    async with op.app[PLATFORM].database.transaction() as session:
        await session.exec(
            update(OutboxMessage)
            .where(OutboxMessage.id == message.id)  # type: ignore[arg-type]
            .values(lease_owner="crashed-replica", lease_until=utcnow() - timedelta(seconds=1))
        )
    await worker.start()
    try:
        await eventually(lambda: all_delivered(op, 1), what="the re-claimed message")
    finally:
        await worker.stop()
    [row] = await messages(op)
    assert row.attempts == 2 and receiver.numbers() == [1]
