"""Zones on edge sites: the site's nodes (``edge_node``), a zone's health and accelerators, and
the node an instance runs on."""

from __future__ import annotations

from alembic import op

from op_platform.migrations.columns import integer, key, number, resources, string, text, when

revision = "0019_edge_sites"
down_revision = "0018_tombstones"


def upgrade() -> None:
    op.create_table(
        "edge_node",
        key("zone_id", 64),
        key("node_id", 64),
        string("condition", 16, server_default="ok"),
        string("health", 16, nullable=True),
        string("power_state", 16, nullable=True),
        *resources(server_default="0"),
        integer("accelerators", server_default="0"),
        number("power_watts", nullable=True),
        number("power_limit_watts", nullable=True),
        number("max_temperature", nullable=True),
        number("thermal_headroom", nullable=True),
        text("reason", nullable=True),
        when("updated_at"),
    )
    with op.batch_alter_table("zone") as batch:
        batch.add_column(integer("accelerators", server_default="0"))
        batch.add_column(string("health", 16, server_default="OK"))
    for table in ("app_instance", "nbi_instance"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(string("node_id", 64, nullable=True))


def downgrade() -> None:
    for table in ("nbi_instance", "app_instance"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("node_id")
    with op.batch_alter_table("zone") as batch:
        batch.drop_column("health")
        batch.drop_column("accelerators")
    op.drop_table("edge_node")
