"""Finished sends are recorded in batches: one transaction records every queued outcome and
claims the next messages; a batch that cannot be committed is kept for the next step."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Sequence
from typing import Any

import pytest

from op_platform.db.engine import Database
from op_platform.keys import PLATFORM
from op_platform.outbox.repository import OutboxRepository
from op_platform.outbox.worker import OutboxWorker
from tests.conftest import OpFactory
from tests.outbox.helpers import FAST, Receiver, messages, put


class Counting:
    """Counts the transactions a worker opens; fails them on demand."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self.engine = database.engine
        self.opened = 0
        self.fail = False

    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[object]:
        self.opened += 1
        if self.fail:
            raise ConnectionError("the database is down")
        async with self.database.transaction() as session:
            yield session


def counted(worker: OutboxWorker) -> Counting:
    counting = Counting(worker.database)
    worker.database = counting  # type: ignore[assignment]
    return counting


async def test_one_transaction_records_a_batch_and_claims_the_next(
    start_ops: OpFactory, receiver: Receiver
) -> None:
    op = await start_ops(outbox={**FAST, "enabled": False, "concurrency": 10})
    for n in range(15):
        await put(op, receiver.url + "/x", n, destination=f"peer-{n}")
    worker: OutboxWorker = op.app[PLATFORM].outbox
    first = await worker._step(10)
    for message in first:
        await worker._deliver(message)
    counting = counted(worker)
    second = await worker._step(10)
    assert counting.opened == 1
    assert len(first) == 10 and len(second) == 5
    rows = {row.id: row for row in await messages(op)}
    assert all(rows[m.id].status == "delivered" for m in first)
    assert all(rows[m.id].status == "in_flight" for m in second)
    assert len(receiver.numbers()) == 10


async def test_a_batch_that_cannot_be_committed_waits_for_the_next_step(
    start_ops: OpFactory, receiver: Receiver
) -> None:
    op = await start_ops(outbox={**FAST, "enabled": False})
    await put(op, receiver.url + "/x", 1)
    worker: OutboxWorker = op.app[PLATFORM].outbox
    [message] = await worker._step(10)
    await worker._deliver(message)
    counting = counted(worker)
    counting.fail = True
    with pytest.raises(ConnectionError):
        await worker._step(10)
    [row] = await messages(op)
    assert row.status == "in_flight"
    counting.fail = False
    assert await worker._step(10) == []
    [row] = await messages(op)
    assert row.status == "delivered" and row.attempts == 1
    assert receiver.numbers() == [1]


async def test_a_step_claims_the_slots_freed_while_it_recorded_outcomes(
    start_ops: OpFactory, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    op = await start_ops(outbox={**FAST, "enabled": False, "concurrency": 8})
    for n in range(20):
        await put(op, receiver.url + "/x", n, destination=f"peer-{n}")
    worker: OutboxWorker = op.app[PLATFORM].outbox
    busy = {asyncio.ensure_future(asyncio.sleep(60)): message for message in await messages(op)}
    worker._sends.update(list(busy.items())[:8])  # every slot taken by a send in progress
    assert worker._free() == 0
    recording = OutboxRepository.finish_many

    async def sends_finish_meanwhile(
        self: OutboxRepository, owner: str, outcomes: Sequence[tuple[str, dict[str, Any]]]
    ) -> set[str]:
        worker._sends.clear()  # the sends in progress finish while the outcomes are recorded
        return await recording(self, owner, outcomes)

    monkeypatch.setattr(OutboxRepository, "finish_many", sends_finish_meanwhile)
    claimed = await worker._step()
    assert len(claimed) == 16  # 8 free slots and 8 to wait (before recording: 8 in all)
    for task in busy:
        task.cancel()
