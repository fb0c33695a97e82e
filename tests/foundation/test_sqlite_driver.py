"""SQLite statements go to aiosqlite's thread in one call each, with the results the stock
adapter gives; another shape of the libraries falls back to the stock adapter."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import aiosqlite
import pytest
from sqlalchemy import exc, text
from sqlalchemy.dialects.sqlite.aiosqlite import AsyncAdapt_aiosqlite_connection
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from op_platform.db import sqlite_driver
from op_platform.db.engine import Database


async def _raw_type(engine: AsyncEngine) -> type:
    async with engine.connect() as connection:
        raw = await connection.get_raw_connection()
        return type(raw.dbapi_connection)


async def _script(engine: AsyncEngine) -> list[Any]:
    seen: list[Any] = []
    async with engine.begin() as connection:
        await connection.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE)"))
        many = await connection.execute(
            text("INSERT INTO t (name) VALUES (:name)"), [{"name": f"n{i}"} for i in range(500)]
        )
        seen.append(many.rowcount)
        one = await connection.execute(text("INSERT INTO t (name) VALUES ('last')"))
        seen.append(one.lastrowid)
        changed = await connection.execute(text("UPDATE t SET name = name || '!' WHERE id > 490"))
        seen.append(changed.rowcount)
        rows = await connection.execute(text("SELECT id, name FROM t ORDER BY id"))
        seen.append(list(rows.keys()))
        seen.append([tuple(row) for row in rows.all()])
        partial = await connection.execute(text("SELECT name FROM t ORDER BY id"))
        seen.append([tuple(row) for row in partial.fetchmany(3)])
        empty = await connection.execute(text("SELECT name FROM t WHERE id < 0"))
        seen.append(empty.all())
    async with engine.begin() as connection:
        with pytest.raises(exc.IntegrityError):
            await connection.execute(text("INSERT INTO t (name) VALUES ('n1')"))
    return seen


async def test_results_are_the_stock_adapters(tmp_path: Path) -> None:
    one_trip = create_async_engine(
        f"sqlite+aiosqlite:///{tmp_path / 'a.db'}", module=sqlite_driver.dbapi()
    )
    stock = create_async_engine(f"sqlite+aiosqlite:///{tmp_path / 'b.db'}")
    try:
        assert await _raw_type(one_trip) is sqlite_driver.OneTripConnection
        assert await _raw_type(stock) is AsyncAdapt_aiosqlite_connection
        ours, theirs = await _script(one_trip), await _script(stock)
    finally:
        await one_trip.dispose()
        await stock.dispose()
    assert ours == theirs
    assert ours[0] == 500 and len(ours[4]) == 501


async def test_a_statement_is_one_call_to_the_thread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'op.db'}")
    calls: list[str] = []
    queue = aiosqlite.Connection._execute

    async def counted(self: aiosqlite.Connection, fn: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(getattr(fn, "__name__", repr(fn)))
        return await queue(self, fn, *args, **kwargs)

    try:
        async with database.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))  # connected and set up before counting
            monkeypatch.setattr(aiosqlite.Connection, "_execute", counted)
            rows = await connection.execute(text("SELECT 1 UNION SELECT 2"))
            assert rows.all() == [(1,), (2,)]
            assert calls == ["_run"]  # cursor, execute, fetch and close in that one call
    finally:
        monkeypatch.undo()
        await database.close()


async def test_other_library_shapes_fall_back_to_the_stock_adapter(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sqlite_driver, "_shaped_as_expected", lambda: False)
    assert sqlite_driver.dbapi() is None
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'op.db'}")
    try:
        assert await _raw_type(database.engine) is AsyncAdapt_aiosqlite_connection
    finally:
        await database.close()
