"""What the OP holds at its NEF: traffic steering of edge instances, UE paths it reported,
Quality-on-Demand sessions, CAMARA Traffic Influence resources.

Revision ID: 0017_nef
Revises: 0016_generations_ordering
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017_nef"
down_revision = "0016_generations_ordering"
branch_labels = None
depends_on = None


def _timestamps() -> list[sa.Column[object]]:
    return [
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "nef_steering",
        sa.Column("instance_key", sa.String(length=80), primary_key=True),
        sa.Column("app_id", sa.String(length=64), nullable=False),
        sa.Column("zone_id", sa.String(length=64), nullable=False),
        sa.Column("dnai", sa.String(length=64), nullable=False),
        sa.Column("fqdn", sa.Text(), nullable=False),
        sa.Column("ipv4", sa.String(length=15), nullable=False),
        sa.Column("port", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("removing", sa.Boolean(), nullable=False),
        sa.Column("ti_id", sa.String(length=128), nullable=True),
        sa.Column("ti_version", sa.Integer(), nullable=False),
        sa.Column("ti_pending", sa.Boolean(), nullable=False),
        sa.Column("eas_id", sa.String(length=128), nullable=True),
        sa.Column("eas_version", sa.Integer(), nullable=False),
        sa.Column("eas_pending", sa.Boolean(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        *_timestamps(),
    )

    op.create_table(
        "nef_ue_path",
        sa.Column("ue", sa.String(length=200), primary_key=True),
        sa.Column("dnai", sa.String(length=64), nullable=True),
        sa.Column("cell_id", sa.String(length=64), nullable=True),
        sa.Column("zone_id", sa.String(length=64), nullable=True),
        sa.Column("instance_key", sa.String(length=80), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "qod_session",
        sa.Column("session_id", sa.String(length=36), primary_key=True),
        sa.Column("owner", sa.String(length=128), nullable=False, index=True),
        sa.Column("device", sa.JSON(), nullable=False),
        sa.Column("device_key", sa.String(length=200), nullable=False, index=True),
        sa.Column("application_server", sa.JSON(), nullable=False),
        sa.Column("device_ports", sa.JSON(), nullable=True),
        sa.Column("server_ports", sa.JSON(), nullable=True),
        sa.Column("qos_profile", sa.String(length=256), nullable=False),
        sa.Column("duration", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("status_info", sa.String(length=32), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True, index=True),
        sa.Column("sink", sa.Text(), nullable=True),
        sa.Column("sink_token", sa.Text(), nullable=True),
        sa.Column("nef_id", sa.String(length=128), nullable=True),
        *_timestamps(),
    )
    op.create_table(
        "camara_traffic_influence",
        sa.Column("ti_id", sa.String(length=36), primary_key=True),
        sa.Column("owner", sa.String(length=128), nullable=False, index=True),
        sa.Column("app_id", sa.String(length=36), nullable=False, index=True),
        sa.Column("resource", sa.JSON(), nullable=False),
        sa.Column("selected", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(length=32), nullable=False),
        sa.Column("nef_id", sa.String(length=128), nullable=True),
        sa.Column("sink", sa.Text(), nullable=True),
        sa.Column("sink_token", sa.Text(), nullable=True),
        *_timestamps(),
    )


def downgrade() -> None:
    op.drop_table("camara_traffic_influence")
    op.drop_table("qod_session")
    op.drop_table("nef_ue_path")
    op.drop_table("nef_steering")
