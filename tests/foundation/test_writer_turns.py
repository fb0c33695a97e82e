"""SQLite transactions of one process take turns in the event loop (``db.writer``)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import exc as sa_exc
from sqlalchemy import text

from op_platform.db.engine import Database, database_unavailable
from op_platform.db.writer import WriterTurns


@pytest.fixture
async def database(tmp_path: Path) -> AsyncIterator[Database]:
    store = Database(f"sqlite+aiosqlite:///{tmp_path / 'turns.db'}")
    await store.upgrade()
    try:
        yield store
    finally:
        await store.close()


async def test_the_next_transaction_begins_when_the_previous_one_ends(
    database: Database,
) -> None:
    events: list[str] = []
    first_in = asyncio.Event()

    async def first() -> None:
        async with database.transaction() as session:
            await session.exec(text("SELECT 1"))
            first_in.set()
            await asyncio.sleep(0.2)
            events.append("first ends")

    async def second() -> None:
        await first_in.wait()
        async with database.transaction() as session:
            events.append("second begins")
            await session.exec(text("SELECT 1"))

    await asyncio.gather(first(), second())
    assert events == ["first ends", "second begins"]


async def test_a_turn_not_given_in_time_is_database_locked(database: Database) -> None:
    assert database.turns is not None
    database.turns.busy_seconds = 0.1
    unit = database.unit()
    await unit.session()  # holds the turn until it ends
    waiting = asyncio.create_task(_one_transaction(database))
    with pytest.raises(sa_exc.OperationalError) as raised:
        await waiting
    assert "database is locked" in str(raised.value) and database_unavailable(raised.value)
    await unit.commit()
    await _one_transaction(database)  # the turn was given back


async def test_a_unit_gives_its_turn_back_on_rollback(database: Database) -> None:
    assert database.turns is not None
    database.turns.busy_seconds = 0.5
    unit = database.unit()
    await unit.session()
    await unit.rollback()
    await _one_transaction(database)
    assert not unit.begun


async def test_a_task_holding_a_turn_takes_no_second_one() -> None:
    turns = WriterTurns(busy_seconds=0.1)
    held = await turns.take()
    assert held is not None
    assert await turns.take() is None  # the same task: no wait for itself
    other = asyncio.create_task(turns.take())
    with pytest.raises(sa_exc.OperationalError):
        await other
    turns.give_back(held)
    again = await asyncio.create_task(turns.take())
    assert again is not None
    turns.give_back(again)


async def test_postgresql_takes_no_turns() -> None:
    database = Database("postgresql+asyncpg://nobody@127.0.0.1:1/none")
    try:
        assert database.turns is None
        async with database.turn():
            pass
    finally:
        await database.close()


async def _one_transaction(database: Database) -> None:
    async with database.transaction() as session:
        await session.exec(text("SELECT 1"))


async def test_a_unit_is_pending_once_begun_or_given_work_after_commit(
    database: Database,
) -> None:
    idle = database.unit()
    assert not idle.pending  # the request middleware skips commit() for it
    called: list[str] = []
    waiting = database.unit()
    waiting.after_commit(lambda: called.append("woken"))
    assert waiting.pending
    await waiting.commit()
    assert called == ["woken"] and not waiting.pending
    begun = database.unit()
    await begun.session()
    assert begun.pending
    await begun.commit()
    assert not begun.pending
