"""The outbox's claim walks the ordering keys through a partial index of unfinished messages.

Finding the oldest unfinished message of each key used to scan every row of a key, delivered ones
included; the partial index holds only pending and in-flight rows, so it stays as small as the
backlog. It replaces the index on (status, next_attempt_at), which the planner preferred over it
on SQLite without statistics, and the one on (ordering_key, status, created_at).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0020_outbox_heads"
down_revision = "0019_edge_sites"

UNFINISHED = sa.text("status IN ('pending', 'in_flight')")


def upgrade() -> None:
    op.drop_index("ix_outbox_message_ordering", table_name="outbox_message")
    op.drop_index("ix_outbox_message_due", table_name="outbox_message")
    op.create_index(
        "ix_outbox_message_unfinished",
        "outbox_message",
        ["ordering_key", "created_at", "id"],
        sqlite_where=UNFINISHED,
        postgresql_where=UNFINISHED,
    )


def downgrade() -> None:
    op.drop_index("ix_outbox_message_unfinished", table_name="outbox_message")
    op.create_index("ix_outbox_message_due", "outbox_message", ["status", "next_attempt_at"])
    op.create_index(
        "ix_outbox_message_ordering", "outbox_message", ["ordering_key", "status", "created_at"]
    )
