"""The durable outbox: every outbound call that must eventually happen.

Callers ``enqueue`` a message inside the transaction that changes their state; a worker in every
replica claims due messages (row locks with SKIP LOCKED on PostgreSQL, compare-and-set on SQLite),
sends them, and retries failures with exponential backoff and full jitter until they are delivered
or dead. Messages to one destination are delivered one at a time in the order they were created:
a message waits while an older one to the same destination is pending or in flight.
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
