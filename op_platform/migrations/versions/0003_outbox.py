"""The outbox of outbound calls."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from op_platform.migrations.columns import integer, json, key, string, text, timestamps, when

revision = "0003_outbox"
down_revision = "0001"


def upgrade() -> None:
    op.create_table(
        "outbox_message",
        key("id", 36),
        string("kind", 128, index=True),
        string("destination", 255),
        string("method", 10),
        text("url"),
        json("headers"),
        json("auth", nullable=True),
        text("body", nullable=True),
        string("body_encoding", 16),
        string("dedup_key", 255, nullable=True),
        string("status", 16),
        integer("attempts"),
        integer("max_attempts", nullable=True),
        when("next_attempt_at"),
        string("lease_owner", 64, nullable=True),
        when("lease_until", nullable=True),
        integer("last_status_code", nullable=True),
        text("last_error", nullable=True),
        *timestamps(),
        when("delivered_at", nullable=True),
        string("correlator", 256, nullable=True),
        string("traceparent", 64, nullable=True),
        string("on_result", 128, nullable=True),
        sa.UniqueConstraint("dedup_key", name="uq_outbox_message_dedup_key"),
    )
    op.create_index("ix_outbox_message_due", "outbox_message", ["status", "next_attempt_at"])
    op.create_index(
        "ix_outbox_message_destination_order",
        "outbox_message",
        ["destination", "status", "created_at"],
    )


def downgrade() -> None:
    op.drop_table("outbox_message")
