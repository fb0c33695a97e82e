"""EWBI artefacts, image files and onboarded applications (this OP as partner).

Revision ID: 0005_applications
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_applications"
down_revision = "0001"
branch_labels = None
depends_on = None


def _ts(name: str, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _ctx() -> sa.Column[object]:
    return sa.Column("federation_context_id", sa.String(length=64), primary_key=True)


def upgrade() -> None:
    op.create_table(
        "ewbi_artefact",
        _ctx(),
        sa.Column("artefact_id", sa.String(length=36), primary_key=True),
        sa.Column("app_provider_id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("version_info", sa.String(length=16), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("virt_type", sa.String(length=32), nullable=False),
        sa.Column("file_name", sa.String(length=64), nullable=True),
        sa.Column("file_format", sa.String(length=16), nullable=True),
        sa.Column("descriptor_type", sa.String(length=32), nullable=False),
        sa.Column("repo_type", sa.String(length=16), nullable=False),
        sa.Column("repo_location", sa.JSON(), nullable=True),
        sa.Column("component_spec", sa.JSON(), nullable=False),
        sa.Column("stored_path", sa.Text(), nullable=True),
        sa.Column("size", sa.Integer(), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        _ts("created_at"),
    )
    op.create_table(
        "ewbi_file",
        _ctx(),
        sa.Column("file_id", sa.String(length=36), primary_key=True),
        sa.Column("app_provider_id", sa.String(length=64), nullable=False),
        sa.Column("file_name", sa.String(length=64), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("version_info", sa.String(length=16), nullable=False),
        sa.Column("file_type", sa.String(length=16), nullable=False),
        sa.Column("checksum", sa.String(length=255), nullable=True),
        sa.Column("img_os_type", sa.JSON(), nullable=False),
        sa.Column("img_ins_set_arch", sa.String(length=32), nullable=False),
        sa.Column("repo_type", sa.String(length=16), nullable=False),
        sa.Column("repo_location", sa.JSON(), nullable=True),
        sa.Column("stored_path", sa.Text(), nullable=True),
        sa.Column("size", sa.Integer(), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        _ts("created_at"),
    )
    op.create_table(
        "ewbi_app",
        _ctx(),
        sa.Column("app_id", sa.String(length=64), primary_key=True),
        sa.Column("app_provider_id", sa.String(length=64), nullable=False),
        sa.Column("meta_data", sa.JSON(), nullable=False),
        sa.Column("qos_profile", sa.JSON(), nullable=False),
        sa.Column("component_specs", sa.JSON(), nullable=False),
        sa.Column("status_callback_link", sa.Text(), nullable=False),
        sa.Column("deleting", sa.Boolean(), nullable=False),
        _ts("created_at"),
        _ts("updated_at"),
    )
    op.create_table(
        "ewbi_app_zone",
        _ctx(),
        sa.Column("app_id", sa.String(length=64), primary_key=True),
        sa.Column("zone_id", sa.String(length=64), primary_key=True),
        sa.Column("country_code", sa.String(length=2), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("forbidden", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("revision", sa.Integer(), nullable=False),
        _ts("due_at", nullable=True),
        _ts("updated_at"),
    )
    op.create_index("ix_ewbi_app_zone_due", "ewbi_app_zone", ["status", "due_at"])


def downgrade() -> None:
    op.drop_index("ix_ewbi_app_zone_due", table_name="ewbi_app_zone")
    for name in ("ewbi_app_zone", "ewbi_app", "ewbi_file", "ewbi_artefact"):
        op.drop_table(name)
