"""Onboarding flow operations and their hops."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from op_platform.migrations.columns import (
    drop_tables,
    integer,
    json,
    key,
    number,
    string,
    text,
    timestamps,
    when,
)

revision = "0007_flow"
down_revision = "0001"


def upgrade() -> None:
    op.create_table(
        "flow_operation",
        key("id", 36),
        string("role", 16),
        string("app_type", 16),
        string("target_network_id", 64),
        string("package_key", 64),
        text("app_pkg_name"),
        string("app_pkg_version", 64),
        text("app_provider"),
        text("checksum_hash"),
        json("request_body"),
        string("state", 16, index=True),
        text("detail", nullable=True),
        string("partner_id", 64, nullable=True),
        string("federation_context_id", 64, nullable=True),
        string("mode", 16, nullable=True),
        string("remote_app_id", 64, nullable=True, index=True),
        string("remote_operation_id", 36, nullable=True),
        string("meo_app_pkg_id", 64, nullable=True, index=True),
        text("status_link", nullable=True),
        string("correlator", 256, nullable=True, index=True),
        string("traceparent", 64, nullable=True),
        json("result"),
        *timestamps(),
        sa.UniqueConstraint("role", "package_key", name="uq_flow_role_package"),
    )
    op.create_table(
        "flow_hop",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        string("operation_id", 36, index=True),
        integer("step"),
        string("source", 64),
        string("target", 64),
        text("action"),
        integer("status_code", nullable=True),
        number("duration_ms", nullable=True),
        when("started_at"),
        when("finished_at", nullable=True),
        text("detail", nullable=True),
    )


def downgrade() -> None:
    drop_tables("flow_hop", "flow_operation")
