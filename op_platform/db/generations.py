"""Knowing, on every replica, when a watched table changed: the invalidation behind cached reads.

Every transaction that changes a watched table (through the ORM: added, changed or deleted rows;
or a bulk ``insert``/``update``/``delete`` statement) bumps that table's row in
``table_generation`` before it commits, in the same transaction. After the commit the local
listeners are told at once; other replicas see the new generation when they next poll
(:meth:`Generations.poll`, a few times a second), so a change is visible everywhere within the
poll interval.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import event, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import ORMExecuteState, Session

from op_platform.db.tables.generation_rows import TableGenerationRow

log = logging.getLogger(__name__)

Listener = Callable[[frozenset[str]], None]
_CHANGED = "op_changed_tables"


class Generations:
    """The watched tables of one database, their last known generations, and who listens."""

    def __init__(self, watched: Iterable[str]) -> None:
        self.watched = frozenset(watched)
        self.known: dict[str, int] = {}
        self._listeners: list[Listener] = []
        self._polled = False

    def listen(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def changed(self, tables: frozenset[str]) -> None:
        for listener in list(self._listeners):
            listener(tables)

    # -- in the writing transaction ---------------------------------------------------------

    def install(self, session_class: type[Session]) -> None:
        event.listen(session_class, "after_flush", self._after_flush)
        event.listen(session_class, "do_orm_execute", self._on_execute)
        event.listen(session_class, "before_commit", self._before_commit)
        event.listen(session_class, "after_commit", self._after_commit)
        event.listen(session_class, "after_rollback", self._after_rollback)

    def _note(self, session: Session, names: Iterable[str]) -> None:
        hit = self.watched.intersection(names)
        if hit:
            session.info.setdefault(_CHANGED, set()).update(hit)

    def _after_flush(self, session: Session, _context: Any) -> None:
        rows = [*session.new, *session.dirty, *session.deleted]
        self._note(session, (table.name for row in rows if (table := _table(row)) is not None))

    def _on_execute(self, state: ORMExecuteState) -> None:
        if state.is_insert or state.is_update or state.is_delete:
            table = getattr(state.statement, "table", None)
            if table is not None:
                self._note(state.session, [table.name])

    def _before_commit(self, session: Session) -> None:
        session.flush()
        names = sorted(session.info.get(_CHANGED, ()))
        if not names:
            return
        dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
        G = TableGenerationRow
        insert = dialect.insert(G).values([{"name": n, "generation": 0} for n in names])
        session.execute(insert.on_conflict_do_nothing())
        session.execute(
            update(G).where(G.name.in_(names)).values(generation=G.generation + 1)  # type: ignore[attr-defined]
        )

    def _after_commit(self, session: Session) -> None:
        names = session.info.pop(_CHANGED, None)
        if names:
            self.changed(frozenset(names))

    def _after_rollback(self, session: Session) -> None:
        session.info.pop(_CHANGED, None)

    # -- on every replica -------------------------------------------------------------------

    def read_changes(self, rows: Iterable[tuple[str, int]]) -> frozenset[str]:
        """Record the generations read from the database; the tables whose changed."""
        moved = set()
        for name, generation in rows:
            if self.known.get(name) != generation:
                if self._polled:  # a table seen for the first time changed since the last poll
                    moved.add(name)
                self.known[name] = generation
        self._polled = True
        return frozenset(moved)


def generations_query() -> Any:
    table = TableGenerationRow.__table__  # type: ignore[attr-defined]
    return select(table.c.name, table.c.generation)


def _table(row: object) -> Any:
    return getattr(type(row), "__table__", None)
