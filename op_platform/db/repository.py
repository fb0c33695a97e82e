"""What every repository is made of: the session it works in, and the few query shapes they all
repeat (one row by key, the first or all rows of a query, either of them locked).

Repositories never commit: the caller owns the transaction (see ``engine.UnitOfWork``). A lock
(``FOR UPDATE`` on PostgreSQL; SQLite serialises writers anyway) holds the rows read until the
transaction ends, so a decision taken on them is not undone by another writer.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from sqlmodel import SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession
from sqlmodel.sql.expression import SelectOfScalar

RowT = TypeVar("RowT", bound=SQLModel)
T = TypeVar("T")


class Repository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def _get(self, table: type[RowT], key: Any, *, lock: bool = False) -> RowT | None:
        """The row of ``table`` with primary key ``key``; with ``lock``, read afresh and held."""
        if not lock:
            return await self.session.get(table, key)
        return await self.session.get(table, key, with_for_update=True, populate_existing=True)

    async def _first(self, query: SelectOfScalar[T], *, lock: bool = False) -> T | None:
        if lock:
            query = query.with_for_update()
        return (await self.session.exec(query)).first()

    async def _all(self, query: SelectOfScalar[T], *, lock: bool = False) -> Sequence[T]:
        if lock:
            query = query.with_for_update()
        return (await self.session.exec(query)).all()

    async def _add_now(self, row: SQLModel) -> None:
        """Add ``row`` and write it at once, so that a constraint it breaks raises here."""
        self.session.add(row)
        await self.session.flush()

    async def _delete_now(self, row: SQLModel) -> None:
        """Delete ``row`` and write that at once."""
        await self.session.delete(row)
        await self.session.flush()


class TableRepository(Repository, Generic[RowT]):
    """A repository whose rows are of one table: it adds and removes them as they are."""

    def add(self, row: RowT) -> None:
        self.session.add(row)

    async def remove(self, row: RowT) -> None:
        await self.session.delete(row)
