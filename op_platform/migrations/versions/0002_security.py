"""Registered API clients and token signing keys.

Revision ID: 0002_security
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_security"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "api_client",
        sa.Column("client_id", sa.String(length=128), primary_key=True),
        sa.Column("secret_hash", sa.String(length=256), nullable=False),
        sa.Column("scopes", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "signing_key",
        sa.Column("kid", sa.String(length=64), primary_key=True),
        sa.Column("algorithm", sa.String(length=16), nullable=False),
        sa.Column("private_pem", sa.Text(), nullable=False),
        sa.Column("encrypted", sa.Boolean(), nullable=False),
        sa.Column("public_jwk", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("retire_after", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_signing_key_created_at", "signing_key", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_signing_key_created_at", table_name="signing_key")
    op.drop_table("signing_key")
    op.drop_table("api_client")
