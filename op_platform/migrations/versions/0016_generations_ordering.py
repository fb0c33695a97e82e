"""Table generations (what replicas watch to drop cached reads) and the outbox's ordering key.

Revision ID: 0016_generations_ordering
Revises: 0015_token_revocation
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016_generations_ordering"
down_revision = "0015_token_revocation"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "table_generation",
        sa.Column("name", sa.String(length=64), primary_key=True),
        sa.Column("generation", sa.BigInteger(), nullable=False, server_default="0"),
    )
    with op.batch_alter_table("outbox_message") as batch:
        batch.add_column(sa.Column("ordering_key", sa.String(length=300), nullable=True))
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
