"""UNI client sessions.

Revision ID: 0011_uni
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_uni"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "uni_client_session",
        sa.Column("client_id", sa.String(length=36), primary_key=True),
        sa.Column("token_hash", sa.String(length=64), nullable=False, unique=True),
        sa.Column("app_name", sa.String(length=64), nullable=False),
        sa.Column("app_version", sa.String(length=64), nullable=False),
        sa.Column("app_provider", sa.String(length=64), nullable=False),
        sa.Column("app_ids", sa.JSON(), nullable=False),
        sa.Column("device", sa.JSON(), nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_uni_client_session_expires_at", "uni_client_session", ["expires_at"])


def downgrade() -> None:
    op.drop_index("ix_uni_client_session_expires_at", table_name="uni_client_session")
    op.drop_table("uni_client_session")
