"""Delivered messages are deleted once older than ``outbox.keep_delivered``; dead and unfinished
ones stay. A dedup key is remembered as long as its message is kept."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from op_platform.db.tables.columns import utcnow
from op_platform.db.tables.outbox_rows import OutboxMessage
from op_platform.keys import PLATFORM
from op_platform.outbox import worker as outbox_worker
from op_platform.outbox.repository import OutboxRepository
from tests.conftest import OpFactory
from tests.outbox.helpers import FAST, Receiver, eventually, messages, put


def _row(status: str, age: timedelta) -> OutboxMessage:
    when = utcnow() - age
    return OutboxMessage(
        id=str(uuid.uuid4()),
        kind="test.call",
        destination="http://127.0.0.1:9",
        method="POST",
        url="http://127.0.0.1:9/x",
        status=status,
        next_attempt_at=utcnow() + timedelta(days=1),
        created_at=when,
        updated_at=when,
        delivered_at=when if status == "delivered" else None,
    )


async def test_only_delivered_messages_older_than_the_limit_go_a_batch_at_a_time(
    start_ops: OpFactory,
) -> None:
    op = await start_ops(outbox={"enabled": False})
    old, keep = timedelta(hours=2), timedelta(hours=1)
    rows = [_row("delivered", old) for _ in range(3)]
    rows += [_row("delivered", timedelta(minutes=1)), _row("dead", old), _row("pending", old)]
    database = op.app[PLATFORM].database
    async with database.transaction() as session:
        session.add_all(rows)
    gone = []
    for _ in range(3):
        async with database.transaction() as session:
            gone.append(await OutboxRepository(session).prune_delivered(utcnow() - keep, 2))
    assert gone == [2, 1, 0]
    left = {row.id for row in await messages(op)}
    assert left == {row.id for row in rows[3:]}


async def test_the_worker_prunes_delivered_messages_and_keeps_dead_ones(
    start_ops: OpFactory, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(outbox_worker, "PRUNE_EVERY", 0.05)
    op = await start_ops(outbox={**FAST, "keep_delivered": 0.3})
    receiver.script = [422]  # the first message is refused: dead at once
    dead = await put(op, receiver.url + "/x", 1)
    await put(op, receiver.url + "/x", 2, dedup_key="event-2")

    async def only_the_dead_one_left() -> bool:
        return [(m.id, m.status) for m in await messages(op)] == [(dead.id, "dead")]

    await eventually(only_the_dead_one_left, what="the delivered message to be removed")
    assert receiver.numbers() == [1, 2]
    # Its dedup key went with it: the same key enqueues (and sends) again.
    await put(op, receiver.url + "/x", 3, dedup_key="event-2")
    await eventually(lambda: receiver.numbers() == [1, 2, 3], what="the message sent again")
