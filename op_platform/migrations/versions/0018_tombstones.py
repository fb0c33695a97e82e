"""Tombstones of deleted NBI instances and deployments (asked for again: 410 GONE)."""

from __future__ import annotations

from alembic import op

from op_platform.migrations.columns import key, string, when

revision = "0018_tombstones"
down_revision = "0017_nef"


def upgrade() -> None:
    op.create_table(
        "nbi_tombstone",
        key("resource_id", 36),
        string("kind", 16),
        string("owner", 128),
        when("deleted_at"),
    )


def downgrade() -> None:
    op.drop_table("nbi_tombstone")
