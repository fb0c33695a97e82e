"""Application instances, resource pools, instance lifecycle jobs, roaming devices."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from op_platform.migrations.columns import (
    boolean,
    drop_tables,
    json,
    key,
    resources,
    string,
    text,
    timestamps,
    when,
)

revision = "0006_instances"
down_revision = "0001"


def upgrade() -> None:
    op.create_table(
        "app_instance",
        key("id", 36),
        string("federation_context_id", 64, index=True),
        string("app_instance_id", 64),
        string("app_id", 64),
        string("app_provider_id", 64),
        string("app_version", 16),
        string("zone_id", 64, index=True),
        string("flavour_id", 64),
        *resources(),
        string("res_pool", 32, nullable=True),
        string("state", 16),
        boolean("holds_capacity"),
        text("failure_reason", nullable=True),
        text("callback_link"),
        json("access_points"),
        *timestamps(),
        sa.UniqueConstraint(
            "federation_context_id", "app_instance_id", name="uq_app_instance_ctx_id"
        ),
    )
    op.create_table(
        "resource_pool",
        key("pool_id", 32),
        string("federation_context_id", 64, index=True),
        string("app_provider_id", 64),
        string("zone_id", 64, index=True),
        string("pool_name", 32),
        json("flavours"),
        json("reserve_duration"),
        text("callback_link"),
        when("reservation_time"),
        when("updated_at"),
        sa.UniqueConstraint(
            "federation_context_id",
            "app_provider_id",
            "zone_id",
            "pool_name",
            name="uq_resource_pool_name",
        ),
    )
    op.create_table(
        "instance_job",
        key("id", 36),
        string("instance_row_id", 36, index=True),
        string("action", 16),
        when("due_at", index=True),
        when("created_at"),
    )
    op.create_table(
        "roaming_device",
        key("device_id", 130),
        text("token_hash"),
        string("home_federation", 64, nullable=True),
        *timestamps(),
    )


def downgrade() -> None:
    drop_tables("roaming_device", "instance_job", "resource_pool", "app_instance")
