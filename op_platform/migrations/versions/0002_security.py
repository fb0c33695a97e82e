"""Registered API clients and token signing keys."""

from __future__ import annotations

from alembic import op

from op_platform.migrations.columns import boolean, drop_tables, key, string, text, timestamps, when

revision = "0002_security"
down_revision = "0001"


def upgrade() -> None:
    op.create_table(
        "api_client",
        key("client_id", 128),
        string("secret_hash", 256),
        text("scopes"),
        string("kind", 32),
        string("source", 32),
        *timestamps(),
    )
    op.create_table(
        "signing_key",
        key("kid", 64),
        string("algorithm", 16),
        text("private_pem"),
        boolean("encrypted"),
        text("public_jwk"),
        when("created_at", index=True),
        when("retire_after", nullable=True),
    )


def downgrade() -> None:
    drop_tables("signing_key", "api_client")
