"""The outbox of outbound calls.

Revision ID: 0003_outbox
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_outbox"
down_revision = "0001"
branch_labels = None
depends_on = None


def _when(name: str, nullable: bool = True) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "outbox_message",
        sa.Column("id", sa.String(length=36), primary_key=True),
        sa.Column("kind", sa.String(length=128), nullable=False),
        sa.Column("destination", sa.String(length=255), nullable=False),
        sa.Column("method", sa.String(length=10), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("headers", sa.JSON(), nullable=False),
        sa.Column("auth", sa.JSON(), nullable=True),
        sa.Column("body", sa.Text(), nullable=True),
        sa.Column("body_encoding", sa.String(length=16), nullable=False),
        sa.Column("dedup_key", sa.String(length=255), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("max_attempts", sa.Integer(), nullable=True),
        _when("next_attempt_at", nullable=False),
        sa.Column("lease_owner", sa.String(length=64), nullable=True),
        _when("lease_until"),
        sa.Column("last_status_code", sa.Integer(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        _when("created_at", nullable=False),
        _when("updated_at", nullable=False),
        _when("delivered_at"),
        sa.Column("correlator", sa.String(length=256), nullable=True),
        sa.Column("traceparent", sa.String(length=64), nullable=True),
        sa.Column("on_result", sa.String(length=128), nullable=True),
        sa.UniqueConstraint("dedup_key", name="uq_outbox_message_dedup_key"),
    )
    op.create_index("ix_outbox_message_kind", "outbox_message", ["kind"])
    op.create_index("ix_outbox_message_due", "outbox_message", ["status", "next_attempt_at"])
    op.create_index(
        "ix_outbox_message_destination_order",
        "outbox_message",
        ["destination", "status", "created_at"],
    )


def downgrade() -> None:
    op.drop_table("outbox_message")
