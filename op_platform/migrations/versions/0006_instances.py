"""Application instances, resource pools, instance lifecycle jobs, roaming devices.

Revision ID: 0006_instances
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_instances"
down_revision = "0001"
branch_labels = None
depends_on = None


def _when(name: str) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=False)


def upgrade() -> None:
    op.create_table(
        "app_instance",
        sa.Column("id", sa.String(length=36), primary_key=True),
        sa.Column("federation_context_id", sa.String(length=64), nullable=False),
        sa.Column("app_instance_id", sa.String(length=64), nullable=False),
        sa.Column("app_id", sa.String(length=64), nullable=False),
        sa.Column("app_provider_id", sa.String(length=64), nullable=False),
        sa.Column("app_version", sa.String(length=16), nullable=False),
        sa.Column("zone_id", sa.String(length=64), nullable=False),
        sa.Column("flavour_id", sa.String(length=64), nullable=False),
        sa.Column("num_cpu", sa.Integer(), nullable=False),
        sa.Column("memory_mb", sa.Integer(), nullable=False),
        sa.Column("storage_gb", sa.Integer(), nullable=False),
        sa.Column("res_pool", sa.String(length=32), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("holds_capacity", sa.Boolean(), nullable=False),
        sa.Column("failure_reason", sa.Text(), nullable=True),
        sa.Column("callback_link", sa.Text(), nullable=False),
        sa.Column("access_points", sa.JSON(), nullable=False),
        _when("created_at"),
        _when("updated_at"),
        sa.UniqueConstraint(
            "federation_context_id", "app_instance_id", name="uq_app_instance_ctx_id"
        ),
    )
    op.create_index(
        "ix_app_instance_federation_context_id", "app_instance", ["federation_context_id"]
    )
    op.create_index("ix_app_instance_zone_id", "app_instance", ["zone_id"])
    op.create_table(
        "resource_pool",
        sa.Column("pool_id", sa.String(length=32), primary_key=True),
        sa.Column("federation_context_id", sa.String(length=64), nullable=False),
        sa.Column("app_provider_id", sa.String(length=64), nullable=False),
        sa.Column("zone_id", sa.String(length=64), nullable=False),
        sa.Column("pool_name", sa.String(length=32), nullable=False),
        sa.Column("flavours", sa.JSON(), nullable=False),
        sa.Column("reserve_duration", sa.JSON(), nullable=False),
        sa.Column("callback_link", sa.Text(), nullable=False),
        _when("reservation_time"),
        _when("updated_at"),
        sa.UniqueConstraint(
            "federation_context_id",
            "app_provider_id",
            "zone_id",
            "pool_name",
            name="uq_resource_pool_name",
        ),
    )
    op.create_index(
        "ix_resource_pool_federation_context_id", "resource_pool", ["federation_context_id"]
    )
    op.create_index("ix_resource_pool_zone_id", "resource_pool", ["zone_id"])
    op.create_table(
        "instance_job",
        sa.Column("id", sa.String(length=36), primary_key=True),
        sa.Column("instance_row_id", sa.String(length=36), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        _when("due_at"),
        _when("created_at"),
    )
    op.create_index("ix_instance_job_instance_row_id", "instance_job", ["instance_row_id"])
    op.create_index("ix_instance_job_due_at", "instance_job", ["due_at"])
    op.create_table(
        "roaming_device",
        sa.Column("device_id", sa.String(length=130), primary_key=True),
        sa.Column("token_hash", sa.Text(), nullable=False),
        sa.Column("home_federation", sa.String(length=64), nullable=True),
        _when("created_at"),
        _when("updated_at"),
    )


def downgrade() -> None:
    op.drop_table("roaming_device")
    op.drop_table("instance_job")
    op.drop_table("resource_pool")
    op.drop_table("app_instance")
