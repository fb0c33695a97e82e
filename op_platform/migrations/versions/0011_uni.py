"""UNI client sessions."""

from __future__ import annotations

from alembic import op

from op_platform.migrations.columns import json, key, string, when

revision = "0011_uni"
down_revision = "0001"


def upgrade() -> None:
    op.create_table(
        "uni_client_session",
        key("client_id", 36),
        string("token_hash", 64, unique=True),
        string("app_name", 64),
        string("app_version", 64),
        string("app_provider", 64),
        json("app_ids"),
        json("device", nullable=True),
        when("expires_at", index=True),
        when("created_at"),
    )


def downgrade() -> None:
    op.drop_table("uni_client_session")
