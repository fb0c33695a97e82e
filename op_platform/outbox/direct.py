"""Sending a message as soon as the transaction that enqueued it commits.

Without this, a message enqueued in a request becomes visible when the request commits, the
worker is woken, and a transaction of its own claims it (takes the lease) before it is sent: on
the path of every flow step that announces something, one more transaction and its wait for the
writer's turn. Here the enqueuing transaction writes the message already leased to this
process's worker (``in_flight``, its first attempt counted), when the worker has a free send slot
and nothing older of the message's ordering key is unfinished; once that transaction commits,
the worker sends it at once. The lease is what a claim would have taken: if the process dies
before the outcome is recorded, the lease expires and any worker claims the message again, as
after a crash mid-send; if the transaction rolls back, the message never existed and the slot is
given back. Never inside a savepoint (a savepoint rolled back alone would leave a send behind).

On PostgreSQL two transactions enqueuing for the same ordering key at once could each see no
older message: a transaction-scoped advisory lock on the key, tried without waiting, lets only
one of them send directly (the other's message waits for the claim; never a wait, so never a
deadlock). SQLite transactions already run one at a time.
"""

from __future__ import annotations

import weakref
from datetime import timedelta
from typing import Any, Protocol

from sqlalchemy import Engine, event, text
from sqlalchemy.orm import Session, SessionTransaction
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from op_platform.db.tables.outbox_rows import IN_FLIGHT, PENDING, OutboxMessage

KEY_SPACE = 7193  # the advisory locks of ordering keys: (KEY_SPACE, hashtext(key))


class Taker(Protocol):
    """The in-process worker that takes messages straight from their transaction."""

    @property
    def owner(self) -> str:
        """Who the lease names."""

    @property
    def lease_seconds(self) -> float:
        """How long the lease lasts."""

    def reserve(self, destination: str) -> bool:
        """Hold a send slot for a message to ``destination``; False when none is free (or the
        destination's circuit is open, or the worker is stopping)."""

    def adopt(self, message: OutboxMessage) -> None:
        """Send ``message`` (leased to ``owner``, committed) in the reserved slot."""

    def release(self) -> None:
        """Give a reserved slot back unused."""


_TAKERS: weakref.WeakKeyDictionary[Engine, Taker] = weakref.WeakKeyDictionary()


def add_taker(engine: Engine, taker: Taker) -> None:
    _TAKERS[engine] = taker


def remove_taker(engine: Engine, taker: Taker) -> None:
    if _TAKERS.get(engine) is taker:
        del _TAKERS[engine]


async def take_now(session: AsyncSession, values: dict[str, Any]) -> Taker | None:
    """The worker that will send the message being enqueued (``values``, its row) as soon as
    the transaction commits, with the lease set in ``values``; None: the worker claims it later.
    The caller gives the slot back (``release``) if it does not write the row."""
    sync = session.sync_session
    bind = session.get_bind()
    taker = _TAKERS.get(bind if isinstance(bind, Engine) else bind.engine)
    if taker is None or sync.in_nested_transaction():
        return None
    if not taker.reserve(values["destination"]):
        return None
    try:
        key = values["ordering_key"]
        if key is not None and await _older_unfinished(session, key):
            taker.release()
            return None
    except BaseException:
        taker.release()
        raise
    values.update(
        status=IN_FLIGHT,
        lease_owner=taker.owner,
        lease_until=values["created_at"] + timedelta(seconds=taker.lease_seconds),
        attempts=1,
    )
    return taker


async def _older_unfinished(session: AsyncSession, key: str) -> bool:
    """Whether a message of ``key`` is unfinished (or, on PostgreSQL, another transaction may
    be writing one: it holds the key's lock)."""
    if session.get_bind().dialect.name == "postgresql":
        locked = await session.exec(
            text("SELECT pg_try_advisory_xact_lock(:space, hashtext(:key))"),
            params={"space": KEY_SPACE, "key": key},
        )  # type: ignore[call-overload]
        if not locked.scalar():
            return True
    query = (
        select(OutboxMessage.id)
        .where(
            col(OutboxMessage.status).in_([PENDING, IN_FLIGHT]),
            col(OutboxMessage.ordering_key) == key,
        )
        .limit(1)
    )
    return (await session.exec(query)).first() is not None


def hand_over(session: AsyncSession, taker: Taker, message: OutboxMessage) -> None:
    """Give ``message`` to ``taker`` when the transaction commits; its slot back otherwise
    (rolled back, or closed without a commit). Each happens once."""
    sync = session.sync_session
    state = {"committed": False, "ended": False}

    def committed(_session: Session) -> None:
        if not state["ended"] and not state["committed"]:
            state["committed"] = True
            taker.adopt(message)

    def ended(_session: Session, transaction: SessionTransaction) -> None:
        if transaction.parent is not None or state["ended"]:
            return  # a savepoint or a subtransaction ended, not the transaction
        state["ended"] = True
        if not state["committed"]:
            taker.release()

    event.listen(sync, "after_commit", committed)
    event.listen(sync, "after_transaction_end", ended)
