"""Tombstones of deleted NBI instances and deployments (asked for again: 410 GONE).

Revision ID: 0018_tombstones
Revises: 0017_nef
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018_tombstones"
down_revision = "0017_nef"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "nbi_tombstone",
        sa.Column("resource_id", sa.String(length=36), primary_key=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("owner", sa.String(length=128), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("nbi_tombstone")
