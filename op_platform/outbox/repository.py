"""Outbox rows: claiming due messages, recording outcomes, listing. Never commits.

Claiming takes a lease (``lease_owner``, ``lease_until``) so that several workers, in one process
or in several replicas, never send the same message at once; a lease that expires (its worker
died) makes the message claimable again. Messages that share an ``ordering_key`` (the resource
they are about: a flow, a federation context, an app, an instance) go one at a time in created
order: only the oldest unfinished one of a key is claimable, found through a partial index that
holds only unfinished messages. Messages with no key, and messages of different keys, go in
parallel (up to the worker's ``concurrency``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import and_, bindparam, delete, func, literal_column, or_, union_all, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from op_platform.db.tables.columns import utcnow
from op_platform.db.tables.outbox_rows import (
    DEAD,
    DELIVERED,
    IN_FLIGHT,
    PENDING,
    STATUSES,
    OutboxMessage,
)

M = OutboxMessage


def aware(value: datetime | None) -> datetime | None:
    """Timestamps read back from SQLite are naive; they are UTC."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


TABLE: Any = OutboxMessage.__table__  # type: ignore[attr-defined]
HEADS_CHUNK = 5000  # ids bound in one claim (SQLite allows 32,766 variables in a statement)


def _unfinished(table: Any) -> Any:
    """The partial index's condition, said the same way (literal values, not bound ones), so
    that the planner may use the index."""
    return table.c.status.in_([literal_column(f"'{PENDING}'"), literal_column(f"'{IN_FLIGHT}'")])


def _due(table: Any, now: Any) -> Any:
    return or_(
        and_(table.c.status == PENDING, table.c.next_attempt_at <= now),
        and_(table.c.status == IN_FLIGHT, table.c.lease_until < now),
    )


@cache
def _heads(held: bool) -> Any:
    """The ids that may be claimed next: the oldest unfinished message of each ordering key, and
    the oldest ``limit`` due messages with no key.

    The keys are walked one after the other through the partial index (a recursive query that
    asks for the next key greater than the last one), so that the cost grows with the number of
    keys in the backlog, not with the messages of each key nor with those already delivered.
    """
    keys = (
        select(func.min(TABLE.c.ordering_key).label("ordering_key"))
        .where(_unfinished(TABLE), TABLE.c.ordering_key.is_not(None))
        .cte("outbox_keys", recursive=True)
    )
    after = TABLE.alias("after")
    following = (
        select(func.min(after.c.ordering_key))
        .where(_unfinished(after), after.c.ordering_key > keys.c.ordering_key)
        .scalar_subquery()
    )
    keys = keys.union_all(select(following).where(keys.c.ordering_key.is_not(None)))
    oldest = TABLE.alias("oldest")
    head = (
        select(oldest.c.id)
        .where(_unfinished(oldest), oldest.c.ordering_key == keys.c.ordering_key)
        .order_by(oldest.c.created_at, oldest.c.id)
        .limit(1)
        .scalar_subquery()
    )
    keyed = select(head.label("id")).where(keys.c.ordering_key.is_not(None))
    now = bindparam("now", type_=TABLE.c.next_attempt_at.type)
    free = select(TABLE.c.id).where(
        _unfinished(TABLE), TABLE.c.ordering_key.is_(None), _due(TABLE, now)
    )
    if held:
        free = free.where(TABLE.c.destination.not_in(bindparam("held", expanding=True)))
    free_ids = free.order_by(TABLE.c.created_at, TABLE.c.id).limit(bindparam("limit")).subquery()
    return union_all(keyed, select(free_ids.c.id))


@cache
def _claim(held: bool) -> Any:
    """Lease the oldest ``limit`` due messages among ``ids`` and return them, one statement,
    built once (building it costs more than running it on a small table)."""
    now = bindparam("now", type_=TABLE.c.next_attempt_at.type)
    picked = select(TABLE.c.id).where(TABLE.c.id.in_(bindparam("ids", expanding=True)))
    picked = picked.where(_due(TABLE, now))
    if held:
        picked = picked.where(TABLE.c.destination.not_in(bindparam("held", expanding=True)))
    picked = (
        picked.order_by(TABLE.c.created_at, TABLE.c.id)
        .limit(bindparam("limit"))
        .with_for_update(skip_locked=True)
    )
    return (
        update(M)
        .where(col(M.id).in_(picked.scalar_subquery()))
        .values(
            status=IN_FLIGHT,
            lease_owner=bindparam("owner"),
            lease_until=bindparam("until", type_=TABLE.c.lease_until.type),
            attempts=col(M.attempts) + 1,
            updated_at=now,
        )
        .returning(M)
        .execution_options(synchronize_session=False)
    )


class OutboxRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def claim(
        self, owner: str, lease: float, held: Sequence[str], limit: int
    ) -> list[OutboxMessage]:
        """Lease up to ``limit`` claimable messages in this transaction, oldest first: on
        PostgreSQL the rows are locked (SKIP LOCKED: replicas claim different ones); on SQLite the
        transaction holds the write lock from its start (BEGIN IMMEDIATE), so nobody else claims
        meanwhile. Two statements: the heads, then the claim among them (joined into one, a
        planner without fresh statistics may walk the keys again for every row)."""
        now = utcnow()
        values: dict[str, Any] = {"now": now, "limit": limit}
        if held:
            values["held"] = list(held)
        heads = [str(row[0]) for row in await self.session.exec(_heads(bool(held)), params=values)]
        values.update(owner=owner, until=now + timedelta(seconds=lease))
        rows: list[OutboxMessage] = []
        for start in range(0, len(heads), HEADS_CHUNK):
            values.update(ids=heads[start : start + HEADS_CHUNK], limit=limit - len(rows))
            result = await self.session.exec(_claim(bool(held)), params=values)
            rows.extend(result.scalars().all())
            if len(rows) >= limit:
                break
        for row in rows:  # the caller's copies, detached from this transaction
            self.session.expunge(row)
        rows.sort(key=lambda row: (aware(row.created_at), row.id))
        return rows

    async def finish(self, message_id: str, owner: str, **values: Any) -> bool:
        """Record an outcome if ``owner`` still holds the lease; False if it was lost."""
        return message_id in await self.finish_many(owner, [(message_id, values)])

    async def finish_many(
        self, owner: str, outcomes: Sequence[tuple[str, dict[str, Any]]]
    ) -> set[str]:
        """Record outcomes (message id, new values) whose lease ``owner`` still holds, one
        statement for each set of equal values; returns the ids recorded."""
        now = utcnow()
        groups: dict[tuple[tuple[str, Any], ...], list[str]] = {}
        for message_id, values in outcomes:
            merged = {"lease_owner": None, "lease_until": None, **values, "updated_at": now}
            groups.setdefault(tuple(sorted(merged.items())), []).append(message_id)
        kept: set[str] = set()
        for shared, ids in groups.items():
            result = await self.session.exec(
                update(TABLE)
                .where(
                    TABLE.c.id.in_(ids),
                    TABLE.c.lease_owner == owner,
                    TABLE.c.status == IN_FLIGHT,
                )
                .values(**dict(shared))
                .returning(TABLE.c.id)
            )
            kept.update(str(row[0]) for row in result)
        return kept

    async def prune_delivered(self, before: datetime, limit: int) -> int:
        """Delete up to ``limit`` messages delivered before ``before``; how many went. The
        condition is said as the partial index says it, so that the index serves it."""
        delivered = TABLE.c.status == literal_column(f"'{DELIVERED}'")
        old = select(TABLE.c.id).where(delivered, TABLE.c.delivered_at < before).limit(limit)
        statement = delete(M).where(col(M.id).in_(old.scalar_subquery()))
        result = await self.session.exec(statement.execution_options(synchronize_session=False))
        return int(getattr(result, "rowcount", 0) or 0)

    async def get(self, message_id: str) -> OutboxMessage | None:
        query = select(M).where(col(M.id) == message_id).execution_options(populate_existing=True)
        return (await self.session.exec(query)).first()

    async def list(
        self, *, status: str | None = None, kind: str | None = None, limit: int = 100
    ) -> list[OutboxMessage]:
        query = select(M)
        if status is not None:
            query = query.where(col(M.status) == status)
        if kind is not None:
            query = query.where(col(M.kind) == kind)
        query = query.order_by(col(M.created_at).desc(), col(M.id).desc()).limit(limit)
        return list((await self.session.exec(query)).all())

    async def counts(self, *, kind: str | None = None) -> dict[str, int]:
        query = select(M.status, func.count()).group_by(col(M.status))
        if kind is not None:
            query = query.where(col(M.kind) == kind)
        found = {str(status): int(n) for status, n in (await self.session.exec(query)).all()}
        return {status: found.get(status, 0) for status in STATUSES}

    async def retry_now(self, message: OutboxMessage) -> OutboxMessage:
        """A dead message goes back to pending with a fresh attempt budget, due now."""
        now = utcnow()
        if message.status == DEAD:
            message.attempts = 0
        message.status = PENDING
        message.next_attempt_at = now
        message.updated_at = now
        self.session.add(message)
        await self.session.flush()
        return message
