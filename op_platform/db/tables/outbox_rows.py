"""The outbox: every outbound call that must eventually happen, one row per call.

A row is written in the same transaction as the state change it announces, and a worker delivers
it later (see ``op_platform.outbox``). Headers never hold secrets: ``auth`` is a reference that is
resolved to credentials at send time.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, Text, text
from sqlmodel import Field, SQLModel

from op_platform.db.tables.columns import TIMESTAMP, json_dict, nullable, timestamp_field

PENDING = "pending"
IN_FLIGHT = "in_flight"
DELIVERED = "delivered"
DEAD = "dead"
STATUSES = (PENDING, IN_FLIGHT, DELIVERED, DEAD)
# The rows a claim looks at; the partial index below holds only these (the claim's query must
# say the same condition for the index to serve it).
UNFINISHED_SQL = "status IN ('pending', 'in_flight')"
# The rows the retention pass deletes once they are old enough (see OutboxSettings.keep_delivered).
DELIVERED_SQL = "status = 'delivered'"


class OutboxMessage(SQLModel, table=True):
    __tablename__ = "outbox_message"
    __table_args__ = (
        Index("ix_outbox_message_destination_order", "destination", "status", "created_at"),
        Index(
            "ix_outbox_message_unfinished",
            "ordering_key",
            "created_at",
            "id",
            sqlite_where=text(UNFINISHED_SQL),
            postgresql_where=text(UNFINISHED_SQL),
        ),
        Index(
            "ix_outbox_message_delivered",
            "delivered_at",
            sqlite_where=text(DELIVERED_SQL),
            postgresql_where=text(DELIVERED_SQL),
        ),
    )

    id: str = Field(primary_key=True, max_length=36)
    kind: str = Field(max_length=128, index=True)
    destination: str = Field(max_length=255)
    # Messages with the same key are sent one at a time, in created order; None: no order.
    ordering_key: str | None = nullable(max_length=300)
    method: str = Field(max_length=10)
    url: str = Field(sa_type=Text)
    headers: dict[str, str] = json_dict()
    auth: dict[str, Any] | None = nullable(JSON)
    body: str | None = nullable(Text)
    body_encoding: str = Field(default="none", max_length=16)  # none | json | text | base64
    dedup_key: str | None = Field(default=None, max_length=255, unique=True, nullable=True)
    status: str = Field(default=PENDING, max_length=16)
    attempts: int = 0
    max_attempts: int | None = nullable()  # None: the worker's setting
    next_attempt_at: datetime = timestamp_field()
    lease_owner: str | None = nullable(max_length=64)
    lease_until: datetime | None = nullable(TIMESTAMP)
    last_status_code: int | None = nullable()
    last_error: str | None = nullable(Text)
    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field()
    delivered_at: datetime | None = nullable(TIMESTAMP)
    correlator: str | None = nullable(max_length=256)
    traceparent: str | None = nullable(max_length=64)
    on_result: str | None = nullable(max_length=128)
