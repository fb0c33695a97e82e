"""Federations: served contexts, zone subscriptions, federations with partners, reported states.

Revision ID: 0004_federation
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_federation"
down_revision = "0001"
branch_labels = None
depends_on = None


def _when(name: str) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=False)


def upgrade() -> None:
    op.create_table(
        "federation",
        sa.Column("federation_context_id", sa.String(length=64), primary_key=True),
        sa.Column("client_id", sa.String(length=128), nullable=False),
        sa.Column("orig_op_federation_id", sa.String(length=128), nullable=False),
        sa.Column("orig_op_country_code", sa.String(length=2), nullable=True),
        sa.Column("mobile_network_codes", sa.JSON(), nullable=True),
        sa.Column("fixed_network_codes", sa.JSON(), nullable=True),
        _when("initial_date"),
        sa.Column("notification_link", sa.Text(), nullable=False),
        sa.Column("callback_token_url", sa.Text(), nullable=True),
        sa.Column("callback_client_id", sa.String(length=256), nullable=True),
        sa.Column("callback_client_secret", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=32), nullable=False),
        _when("created_at"),
        _when("updated_at"),
        sa.UniqueConstraint("client_id", "orig_op_federation_id", name="uq_federation_client_orig"),
    )
    op.create_index("ix_federation_client_id", "federation", ["client_id"])
    op.create_table(
        "federation_zone_subscription",
        sa.Column("federation_context_id", sa.String(length=64), primary_key=True),
        sa.Column("zone_id", sa.String(length=64), primary_key=True),
        sa.Column("notif_link", sa.Text(), nullable=False),
        _when("created_at"),
    )
    op.create_table(
        "partner_federation",
        sa.Column("id", sa.String(length=36), primary_key=True),
        sa.Column("partner_id", sa.String(length=64), nullable=False),
        sa.Column("federation_context_id", sa.String(length=64), nullable=False),
        sa.Column("orig_op_federation_id", sa.String(length=128), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("partner_op_federation_id", sa.String(length=128), nullable=True),
        sa.Column("partner_country_code", sa.String(length=2), nullable=True),
        sa.Column("mobile_network_codes", sa.JSON(), nullable=True),
        sa.Column("fixed_network_codes", sa.JSON(), nullable=True),
        sa.Column("offered_zones", sa.JSON(), nullable=False),
        sa.Column("subscribed_zones", sa.JSON(), nullable=False),
        sa.Column("zone_resources", sa.JSON(), nullable=False),
        sa.Column("edge_discovery_endpoint", sa.JSON(), nullable=True),
        sa.Column("lcm_endpoint", sa.JSON(), nullable=True),
        sa.Column("platform_caps", sa.JSON(), nullable=True),
        sa.Column("supports_variant", sa.Boolean(), nullable=False),
        _when("created_at"),
        _when("updated_at"),
        sa.UniqueConstraint(
            "partner_id", "federation_context_id", name="uq_partner_federation_ctx"
        ),
    )
    op.create_index("ix_partner_federation_partner_id", "partner_federation", ["partner_id"])
    op.create_index(
        "ix_partner_federation_federation_context_id",
        "partner_federation",
        ["federation_context_id"],
    )
    op.create_table(
        "partner_reported_state",
        sa.Column("federation_context_id", sa.String(length=64), primary_key=True),
        sa.Column("kind", sa.String(length=16), primary_key=True),
        sa.Column("object_id", sa.String(length=128), primary_key=True),
        sa.Column("zone_id", sa.String(length=64), primary_key=True),
        sa.Column("partner_id", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=64), nullable=True),
        sa.Column("event", sa.JSON(), nullable=False),
        _when("updated_at"),
    )
    op.create_index(
        "ix_partner_reported_state_partner_id", "partner_reported_state", ["partner_id"]
    )


def downgrade() -> None:
    op.drop_table("partner_reported_state")
    op.drop_table("partner_federation")
    op.drop_table("federation_zone_subscription")
    op.drop_table("federation")
