"""Revoked access tokens, and client-wide revocations of a removed client's tokens."""

from __future__ import annotations

from alembic import op

from op_platform.migrations.columns import integer, key, string, when

revision = "0015_token_revocation"
down_revision = "0014_pool_expiry"


def upgrade() -> None:
    op.create_table(
        "token_revocation",
        key("key", 200),
        string("client_id", 128),
        integer("issued_before", nullable=True),
        when("expires_at", index=True),
        when("created_at"),
    )


def downgrade() -> None:
    op.drop_table("token_revocation")
