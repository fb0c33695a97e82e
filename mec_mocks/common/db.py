"""SQLite engine set-up shared by the mocks (SQLAlchemy 2 async over aiosqlite, WAL mode), and
the one shape of their tables: JSON documents beside the columns queries use."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from sqlalchemy import Column, Integer, MetaData, RowMapping, String, Table, Text, event
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine


def sqlite_url(path: str | Path) -> str:
    return f"sqlite+aiosqlite:///{Path(path)}"


async def open_database(path: str | Path, metadata: MetaData) -> Database:
    """Open (creating if needed) a SQLite file in WAL mode and create the tables."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    engine = create_async_engine(sqlite_url(path))

    @event.listens_for(engine.sync_engine, "connect")
    def _pragmas(dbapi_conn: Any, _record: Any) -> None:
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA busy_timeout=5000")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    async with engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
    return Database(engine)


def id_key() -> Column[str]:
    return Column("id", String, primary_key=True)


def seq_key() -> Column[int]:
    return Column("seq", Integer, primary_key=True, autoincrement=True)


def indexed(*names: str, nullable: bool = True) -> list[Column[str]]:
    """String columns that queries filter on."""
    return [Column(name, String, index=True, nullable=nullable) for name in names]


def documents(
    name: str,
    metadata: MetaData,
    key: Column[Any],
    *columns: Column[Any],
    stamp: Column[Any] | None = None,
) -> Table:
    """A table of JSON documents: the key, the columns queries use, the document (``doc``) and
    when it was stored (``stamp``, by default a ``created_at`` ISO string)."""
    when = stamp if stamp is not None else Column("created_at", String, nullable=False)
    return Table(name, metadata, key, *columns, Column("doc", Text, nullable=False), when)


def received_table(name: str, metadata: MetaData, *columns: Column[Any]) -> Table:
    """Notifications a mock received, in the order they came (``seq``)."""
    stamp = Column("received_at", String, nullable=False)
    return documents(name, metadata, seq_key(), *columns, stamp=stamp)


def received_view(row: RowMapping) -> dict[str, Any]:
    """A row of a :func:`received_table` as the admin APIs list it."""
    return {"receivedAt": row["received_at"], "notification": json.loads(row["doc"])}


class Database:
    """An engine plus one in-process write lock, so SQLite writers never wait on each other
    while holding the event loop. Use ``transaction()`` for writes, ``read()`` for reads."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.lock = asyncio.Lock()

    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncConnection]:
        async with self.lock, self.engine.begin() as conn:
            yield conn

    @contextlib.asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncConnection]:
        async with self.engine.connect() as conn:
            yield conn

    async def close(self) -> None:
        await self.engine.dispose()
