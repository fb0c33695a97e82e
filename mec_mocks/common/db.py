"""SQLite engine set-up shared by the mocks (SQLAlchemy 2 async over aiosqlite, WAL mode)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from sqlalchemy import MetaData, event
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
