"""The durable outbox: every outbound call that must eventually happen.

Callers ``enqueue`` a message inside the transaction that changes their state; a worker in every
replica claims due messages (row locks with SKIP LOCKED on PostgreSQL, compare-and-set on SQLite),
sends them, and retries failures with exponential backoff and full jitter until they are delivered
or dead. Messages with the same ordering key (by default their destination; callers name the
resource instead where only that resource's order matters) are delivered one at a time in the
order they were created; different keys go in parallel.
"""

from op_platform.db.tables.outbox_rows import (
    DEAD,
    DELIVERED,
    IN_FLIGHT,
    PENDING,
    STATUSES,
    OutboxMessage,
)
from op_platform.outbox.enqueue import enqueue
from op_platform.outbox.handlers import AuthResolver, OutboxHandlers, Outcome, ResultHandler

__all__ = [
    "DEAD",
    "DELIVERED",
    "IN_FLIGHT",
    "PENDING",
    "STATUSES",
    "AuthResolver",
    "OutboxHandlers",
    "OutboxMessage",
    "Outcome",
    "ResultHandler",
    "enqueue",
]
