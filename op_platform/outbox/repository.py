"""Outbox rows: claiming due messages, recording outcomes, listing. Never commits.

Claiming takes a lease (``lease_owner``, ``lease_until``) so that several workers, in one process
or in several replicas, never send the same message at once; a lease that expires (its worker
died) makes the message claimable again. Messages that share an ``ordering_key`` (the resource
they are about: a flow, a federation context, an app, an instance) go one at a time in created
order: only the oldest unfinished one of a key is claimable. Messages with no key, and messages
of different keys, go in parallel (up to the worker's ``concurrency``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import and_, bindparam, exists, func, or_, update
from sqlalchemy.orm import aliased
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from op_platform.db.tables.columns import utcnow
from op_platform.db.tables.outbox_rows import (
    DEAD,
    IN_FLIGHT,
    PENDING,
    STATUSES,
    OutboxMessage,
)

M = OutboxMessage
UNFINISHED = (PENDING, IN_FLIGHT)


def aware(value: datetime | None) -> datetime | None:
    """Timestamps read back from SQLite are naive; they are UTC."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def _due(now: Any) -> Any:
    return or_(
        and_(col(M.status) == PENDING, col(M.next_attempt_at) <= now),
        and_(col(M.status) == IN_FLIGHT, col(M.lease_until) < now),
    )


def _head() -> Any:
    """No ordering key, or no older unfinished message with the same one."""
    older = aliased(M)
    return or_(
        col(M.ordering_key).is_(None),
        ~exists().where(
            col(older.ordering_key) == col(M.ordering_key),
            col(older.status).in_(UNFINISHED),
            or_(
                col(older.created_at) < col(M.created_at),
                and_(col(older.created_at) == col(M.created_at), col(older.id) < col(M.id)),
            ),
        ),
    )


@cache
def _claimable(held: bool) -> Any:
    """The claim query, built once (building it costs more than running it on a small table):
    ``now``, ``limit`` and, when ``held``, the ``held`` destinations are bound at each claim."""
    now = bindparam("now", type_=OutboxMessage.__table__.c.next_attempt_at.type)  # type: ignore[attr-defined]
    query = select(M).where(_due(now), _head())
    if held:
        query = query.where(col(M.destination).not_in(bindparam("held", expanding=True)))
    query = query.order_by(col(M.created_at), col(M.id)).limit(bindparam("limit"))
    return query.with_for_update(skip_locked=True, of=M)


class OutboxRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def claim(
        self, owner: str, lease: float, held: Sequence[str], limit: int
    ) -> list[OutboxMessage]:
        """Lease up to ``limit`` claimable messages in this transaction: on PostgreSQL the rows
        are locked (SKIP LOCKED: replicas claim different ones); on SQLite the transaction holds
        the write lock from its start (BEGIN IMMEDIATE), so nobody else claims meanwhile."""
        now = utcnow()
        values: dict[str, Any] = {"now": now, "limit": limit}
        if held:
            values["held"] = list(held)
        result = await self.session.exec(_claimable(bool(held)), params=values)
        rows = list(result.all())
        if not rows:
            return rows
        until = now + timedelta(seconds=lease)
        await self.session.exec(
            update(M)
            .where(col(M.id).in_([row.id for row in rows]))
            .values(
                status=IN_FLIGHT,
                lease_owner=owner,
                lease_until=until,
                attempts=col(M.attempts) + 1,
                updated_at=now,
            )
            .execution_options(synchronize_session=False)
        )
        for row in rows:  # the caller's copies, detached: the update above is what is stored
            self.session.expunge(row)
            row.status, row.lease_owner, row.lease_until = IN_FLIGHT, owner, until
            row.attempts += 1
            row.updated_at = now
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
                update(M)
                .where(
                    col(M.id).in_(ids),
                    col(M.lease_owner) == owner,
                    col(M.status) == IN_FLIGHT,
                )
                .values(**dict(shared))
                .returning(col(M.id))
                .execution_options(synchronize_session=False)
            )
            kept.update(str(row[0]) for row in result)
        return kept

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
