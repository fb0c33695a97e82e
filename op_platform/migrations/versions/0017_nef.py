"""What the OP holds at its NEF: traffic steering of edge instances, UE paths it reported,
Quality-on-Demand sessions, CAMARA Traffic Influence resources."""

from __future__ import annotations

from alembic import op

from op_platform.migrations.columns import (
    boolean,
    drop_tables,
    integer,
    json,
    key,
    owner,
    sink,
    string,
    text,
    timestamps,
    when,
)

revision = "0017_nef"
down_revision = "0016_generations_ordering"


def upgrade() -> None:
    op.create_table(
        "nef_steering",
        key("instance_key", 80),
        string("app_id", 64),
        string("zone_id", 64),
        string("dnai", 64),
        text("fqdn"),
        string("ipv4", 15),
        integer("port"),
        integer("version"),
        boolean("removing"),
        string("ti_id", 128, nullable=True),
        integer("ti_version"),
        boolean("ti_pending"),
        string("eas_id", 128, nullable=True),
        integer("eas_version"),
        boolean("eas_pending"),
        text("last_error", nullable=True),
        *timestamps(),
    )
    op.create_table(
        "nef_ue_path",
        key("ue", 200),
        string("dnai", 64, nullable=True),
        string("cell_id", 64, nullable=True),
        string("zone_id", 64, nullable=True),
        string("instance_key", 80, nullable=True),
        when("updated_at"),
    )
    op.create_table(
        "qod_session",
        key("session_id", 36),
        owner(),
        json("device"),
        string("device_key", 200, index=True),
        json("application_server"),
        json("device_ports", nullable=True),
        json("server_ports", nullable=True),
        string("qos_profile", 256),
        integer("duration"),
        string("status", 16),
        string("status_info", 32, nullable=True),
        when("started_at", nullable=True),
        when("expires_at", nullable=True, index=True),
        *sink(),
        string("nef_id", 128, nullable=True),
        *timestamps(),
    )
    op.create_table(
        "camara_traffic_influence",
        key("ti_id", 36),
        owner(),
        string("app_id", 36, index=True),
        json("resource"),
        json("selected"),
        string("state", 32),
        string("nef_id", 128, nullable=True),
        *sink(),
        *timestamps(),
    )


def downgrade() -> None:
    drop_tables("camara_traffic_influence", "qod_session", "nef_ue_path", "nef_steering")
