"""Federations: served contexts, zone subscriptions, federations with partners, reported states."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from op_platform.migrations.columns import (
    boolean,
    context_key,
    drop_tables,
    json,
    key,
    network_codes,
    string,
    text,
    timestamps,
    when,
)

revision = "0004_federation"
down_revision = "0001"


def upgrade() -> None:
    op.create_table(
        "federation",
        context_key(),
        string("client_id", 128, index=True),
        string("orig_op_federation_id", 128),
        string("orig_op_country_code", 2, nullable=True),
        *network_codes(),
        when("initial_date"),
        text("notification_link"),
        text("callback_token_url", nullable=True),
        string("callback_client_id", 256, nullable=True),
        text("callback_client_secret", nullable=True),
        string("status", 32),
        *timestamps(),
        sa.UniqueConstraint("client_id", "orig_op_federation_id", name="uq_federation_client_orig"),
    )
    op.create_table(
        "federation_zone_subscription",
        context_key(),
        key("zone_id", 64),
        text("notif_link"),
        when("created_at"),
    )
    op.create_table(
        "partner_federation",
        key("id", 36),
        string("partner_id", 64, index=True),
        string("federation_context_id", 64, index=True),
        string("orig_op_federation_id", 128),
        string("status", 32),
        string("partner_op_federation_id", 128, nullable=True),
        string("partner_country_code", 2, nullable=True),
        *network_codes(),
        json("offered_zones"),
        json("subscribed_zones"),
        json("zone_resources"),
        json("edge_discovery_endpoint", nullable=True),
        json("lcm_endpoint", nullable=True),
        json("platform_caps", nullable=True),
        boolean("supports_variant"),
        *timestamps(),
        sa.UniqueConstraint(
            "partner_id", "federation_context_id", name="uq_partner_federation_ctx"
        ),
    )
    op.create_table(
        "partner_reported_state",
        context_key(),
        key("kind", 16),
        key("object_id", 128),
        key("zone_id", 64),
        string("partner_id", 64, index=True),
        string("state", 64, nullable=True),
        json("event"),
        when("updated_at"),
    )


def downgrade() -> None:
    drop_tables(
        "partner_reported_state",
        "partner_federation",
        "federation_zone_subscription",
        "federation",
    )
