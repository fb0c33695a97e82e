"""Delivered outbox messages are deleted once older than ``outbox.keep_delivered``; the retention
pass finds them through a partial index of delivered messages by delivery time, so it reads only
what it deletes."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0021_outbox_retention"
down_revision = "0020_outbox_heads"

DELIVERED = sa.text("status = 'delivered'")


def upgrade() -> None:
    op.create_index(
        "ix_outbox_message_delivered",
        "outbox_message",
        ["delivered_at"],
        sqlite_where=DELIVERED,
        postgresql_where=DELIVERED,
    )


def downgrade() -> None:
    op.drop_index("ix_outbox_message_delivered", table_name="outbox_message")
