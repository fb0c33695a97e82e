"""Revoked access tokens, and client-wide revocations of a removed client's tokens.

Revision ID: 0015_token_revocation
Revises: 0014_pool_expiry
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015_token_revocation"
down_revision = "0014_pool_expiry"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "token_revocation",
        sa.Column("key", sa.String(length=200), primary_key=True),
        sa.Column("client_id", sa.String(length=128), nullable=False),
        sa.Column("issued_before", sa.Integer(), nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_token_revocation_expires_at", "token_revocation", ["expires_at"])


def downgrade() -> None:
    op.drop_index("ix_token_revocation_expires_at", table_name="token_revocation")
    op.drop_table("token_revocation")
