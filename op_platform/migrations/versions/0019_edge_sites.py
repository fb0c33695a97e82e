"""Zones on edge sites: the site's nodes (``edge_node``), a zone's health and accelerators, and
the node an instance runs on.

Revision ID: 0019_edge_sites
Revises: 0018_tombstones
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0019_edge_sites"
down_revision = "0018_tombstones"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "edge_node",
        sa.Column("zone_id", sa.String(length=64), primary_key=True),
        sa.Column("node_id", sa.String(length=64), primary_key=True),
        sa.Column("condition", sa.String(length=16), nullable=False, server_default="ok"),
        sa.Column("health", sa.String(length=16), nullable=True),
        sa.Column("power_state", sa.String(length=16), nullable=True),
        sa.Column("num_cpu", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("memory_mb", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("storage_gb", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("accelerators", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("power_watts", sa.Float(), nullable=True),
        sa.Column("power_limit_watts", sa.Float(), nullable=True),
        sa.Column("max_temperature", sa.Float(), nullable=True),
        sa.Column("thermal_headroom", sa.Float(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    with op.batch_alter_table("zone") as batch:
        batch.add_column(
            sa.Column("accelerators", sa.Integer(), nullable=False, server_default="0")
        )
        batch.add_column(
            sa.Column("health", sa.String(length=16), nullable=False, server_default="OK")
        )
    for table in ("app_instance", "nbi_instance"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("node_id", sa.String(length=64), nullable=True))


def downgrade() -> None:
    for table in ("nbi_instance", "app_instance"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("node_id")
    with op.batch_alter_table("zone") as batch:
        batch.drop_column("health")
        batch.drop_column("accelerators")
    op.drop_table("edge_node")
