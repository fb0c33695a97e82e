"""NBI applications, onboarding targets, instances and deployments.

Revision ID: 0010_nbi
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_nbi"
down_revision = "0001"
branch_labels = None
depends_on = None

WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "nbi_app",
        sa.Column("app_id", sa.String(36), primary_key=True),
        sa.Column("owner", sa.String(128), nullable=False, index=True),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("version", sa.String(64), nullable=False),
        sa.Column("app_provider", sa.String(64), nullable=False),
        sa.Column("manifest", sa.JSON(), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.UniqueConstraint("owner", "name", "version", "app_provider", name="uq_nbi_app"),
    )
    op.create_table(
        "nbi_app_target",
        sa.Column("app_id", sa.String(36), primary_key=True),
        sa.Column("provider", sa.String(64), primary_key=True),
        sa.Column("local", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("federation_context_id", sa.String(64), nullable=True),
        sa.Column("ewbi_app_id", sa.String(64), nullable=True, index=True),
        sa.Column("zones", sa.JSON(), nullable=False),
        sa.Column("updated_at", WHEN, nullable=False),
    )
    op.create_table(
        "nbi_instance",
        sa.Column("instance_id", sa.String(36), primary_key=True),
        sa.Column("owner", sa.String(128), nullable=False, index=True),
        sa.Column("app_id", sa.String(36), nullable=False, index=True),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("zone_uuid", sa.String(36), nullable=False),
        sa.Column("zone_id", sa.String(64), nullable=False),
        sa.Column("provider", sa.String(64), nullable=False),
        sa.Column("region", sa.String(64), nullable=True),
        sa.Column("local", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("status_reason", sa.Text(), nullable=True),
        sa.Column("federation_context_id", sa.String(64), nullable=True),
        sa.Column("remote_instance_id", sa.String(64), nullable=True, index=True),
        sa.Column("endpoints", sa.JSON(), nullable=True),
        sa.Column("sink", sa.Text(), nullable=True),
        sa.Column("event_source", sa.Text(), nullable=False),
        sa.Column("sink_token", sa.Text(), nullable=True),
        sa.Column("deployment_id", sa.String(36), nullable=True, index=True),
        sa.Column("due_at", WHEN, nullable=True, index=True),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("updated_at", WHEN, nullable=False),
    )
    op.create_table(
        "nbi_deployment",
        sa.Column("deployment_id", sa.String(36), primary_key=True),
        sa.Column("owner", sa.String(128), nullable=False, index=True),
        sa.Column("app_id", sa.String(36), nullable=False, index=True),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("zones", sa.JSON(), nullable=False),
        sa.Column("subscription", sa.JSON(), nullable=True),
        sa.Column("created_at", WHEN, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("nbi_deployment")
    op.drop_table("nbi_instance")
    op.drop_table("nbi_app_target")
    op.drop_table("nbi_app")
