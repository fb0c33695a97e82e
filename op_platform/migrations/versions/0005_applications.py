"""EWBI artefacts, image files and onboarded applications (this OP as partner)."""

from __future__ import annotations

from alembic import op

from op_platform.migrations.columns import (
    boolean,
    context_key,
    drop_tables,
    integer,
    json,
    key,
    stored_file,
    string,
    text,
    timestamps,
    when,
)

revision = "0005_applications"
down_revision = "0001"


def upgrade() -> None:
    op.create_table(
        "ewbi_artefact",
        context_key(),
        key("artefact_id", 36),
        string("app_provider_id", 64),
        string("name", 64),
        string("version_info", 16),
        text("description", nullable=True),
        string("virt_type", 32),
        string("file_name", 64, nullable=True),
        string("file_format", 16, nullable=True),
        string("descriptor_type", 32),
        string("repo_type", 16),
        json("repo_location", nullable=True),
        json("component_spec"),
        *stored_file(),
        when("created_at"),
    )
    op.create_table(
        "ewbi_file",
        context_key(),
        key("file_id", 36),
        string("app_provider_id", 64),
        string("file_name", 64),
        text("description", nullable=True),
        string("version_info", 16),
        string("file_type", 16),
        string("checksum", 255, nullable=True),
        json("img_os_type"),
        string("img_ins_set_arch", 32),
        string("repo_type", 16),
        json("repo_location", nullable=True),
        *stored_file(),
        when("created_at"),
    )
    op.create_table(
        "ewbi_app",
        context_key(),
        key("app_id", 64),
        string("app_provider_id", 64),
        json("meta_data"),
        json("qos_profile"),
        json("component_specs"),
        text("status_callback_link"),
        boolean("deleting"),
        *timestamps(),
    )
    op.create_table(
        "ewbi_app_zone",
        context_key(),
        key("app_id", 64),
        key("zone_id", 64),
        string("country_code", 2),
        string("status", 16),
        boolean("forbidden"),
        text("reason", nullable=True),
        integer("revision"),
        when("due_at", nullable=True),
        when("updated_at"),
    )
    op.create_index("ix_ewbi_app_zone_due", "ewbi_app_zone", ["status", "due_at"])


def downgrade() -> None:
    drop_tables("ewbi_app_zone", "ewbi_app", "ewbi_file", "ewbi_artefact")
