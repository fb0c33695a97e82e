"""NBI applications, onboarding targets, instances and deployments."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from op_platform.migrations.columns import (
    boolean,
    drop_tables,
    json,
    key,
    owner,
    string,
    text,
    timestamps,
    when,
)

revision = "0010_nbi"
down_revision = "0001"


def upgrade() -> None:
    op.create_table(
        "nbi_app",
        key("app_id", 36),
        owner(),
        string("name", 64),
        string("version", 64),
        string("app_provider", 64),
        json("manifest"),
        when("created_at"),
        sa.UniqueConstraint("owner", "name", "version", "app_provider", name="uq_nbi_app"),
    )
    op.create_table(
        "nbi_app_target",
        key("app_id", 36),
        key("provider", 64),
        boolean("local"),
        string("status", 16),
        text("reason", nullable=True),
        string("federation_context_id", 64, nullable=True),
        string("ewbi_app_id", 64, nullable=True, index=True),
        json("zones"),
        when("updated_at"),
    )
    op.create_table(
        "nbi_instance",
        key("instance_id", 36),
        owner(),
        string("app_id", 36, index=True),
        string("name", 64),
        string("zone_uuid", 36),
        string("zone_id", 64),
        string("provider", 64),
        string("region", 64, nullable=True),
        boolean("local"),
        string("status", 16),
        text("status_reason", nullable=True),
        string("federation_context_id", 64, nullable=True),
        string("remote_instance_id", 64, nullable=True, index=True),
        json("endpoints", nullable=True),
        text("sink", nullable=True),
        text("event_source"),
        text("sink_token", nullable=True),
        string("deployment_id", 36, nullable=True, index=True),
        when("due_at", nullable=True, index=True),
        *timestamps(),
    )
    op.create_table(
        "nbi_deployment",
        key("deployment_id", 36),
        owner(),
        string("app_id", 36, index=True),
        string("name", 64),
        json("zones"),
        json("subscription", nullable=True),
        when("created_at"),
    )


def downgrade() -> None:
    drop_tables("nbi_deployment", "nbi_instance", "nbi_app_target", "nbi_app")
