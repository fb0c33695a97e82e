"""The zone inventory."""

from __future__ import annotations

from alembic import op

from op_platform.migrations.columns import key, number, resources, string, when

revision = "0001"
down_revision = None


def upgrade() -> None:
    op.create_table(
        "zone",
        key("zone_id", 64),
        string("geography_details"),
        number("latitude"),
        number("longitude"),
        string("region"),
        string("status", 32),
        *resources(),
        string("source", 32),
        when("updated_at"),
    )


def downgrade() -> None:
    op.drop_table("zone")
