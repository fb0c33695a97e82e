"""Onboarding flow operations and their hops.

Revision ID: 0007_flow
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_flow"
down_revision = "0001"
branch_labels = None
depends_on = None

WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "flow_operation",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("app_type", sa.String(16), nullable=False),
        sa.Column("target_network_id", sa.String(64), nullable=False),
        sa.Column("package_key", sa.String(64), nullable=False),
        sa.Column("app_pkg_name", sa.Text(), nullable=False),
        sa.Column("app_pkg_version", sa.String(64), nullable=False),
        sa.Column("app_provider", sa.Text(), nullable=False),
        sa.Column("checksum_hash", sa.Text(), nullable=False),
        sa.Column("request_body", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(16), nullable=False, index=True),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column("partner_id", sa.String(64), nullable=True),
        sa.Column("federation_context_id", sa.String(64), nullable=True),
        sa.Column("mode", sa.String(16), nullable=True),
        sa.Column("remote_app_id", sa.String(64), nullable=True, index=True),
        sa.Column("remote_operation_id", sa.String(36), nullable=True),
        sa.Column("meo_app_pkg_id", sa.String(64), nullable=True, index=True),
        sa.Column("status_link", sa.Text(), nullable=True),
        sa.Column("correlator", sa.String(256), nullable=True, index=True),
        sa.Column("traceparent", sa.String(64), nullable=True),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("updated_at", WHEN, nullable=False),
        sa.UniqueConstraint("role", "package_key", name="uq_flow_role_package"),
    )
    op.create_table(
        "flow_hop",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("operation_id", sa.String(36), nullable=False, index=True),
        sa.Column("step", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(64), nullable=False),
        sa.Column("target", sa.String(64), nullable=False),
        sa.Column("action", sa.Text(), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=True),
        sa.Column("duration_ms", sa.Float(), nullable=True),
        sa.Column("started_at", WHEN, nullable=False),
        sa.Column("finished_at", WHEN, nullable=True),
        sa.Column("detail", sa.Text(), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("flow_hop")
    op.drop_table("flow_operation")
