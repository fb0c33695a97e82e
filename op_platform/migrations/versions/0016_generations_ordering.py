"""Table generations (what replicas watch to drop cached reads) and the outbox's ordering key."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from op_platform.migrations.columns import key, string

revision = "0016_generations_ordering"
down_revision = "0015_token_revocation"


def upgrade() -> None:
    op.create_table(
        "table_generation",
        key("name", 64),
        sa.Column("generation", sa.BigInteger(), nullable=False, server_default="0"),
    )
    with op.batch_alter_table("outbox_message") as batch:
        batch.add_column(string("ordering_key", 300, nullable=True))
    op.execute("UPDATE outbox_message SET ordering_key = destination")
    op.create_index(
        "ix_outbox_message_ordering",
        "outbox_message",
        ["ordering_key", "status", "created_at"],
    )


def downgrade() -> None:
    op.drop_index("ix_outbox_message_ordering", table_name="outbox_message")
    with op.batch_alter_table("outbox_message") as batch:
        batch.drop_column("ordering_key")
    op.drop_table("table_generation")
