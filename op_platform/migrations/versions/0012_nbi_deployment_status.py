"""NBI deployments remember the aggregate status last announced to their sink."""

from __future__ import annotations

from alembic import op

from op_platform.migrations.columns import string

revision = "0012_nbi_deployment_status"
down_revision = "0010_nbi"


def upgrade() -> None:
    with op.batch_alter_table("nbi_deployment") as batch:
        batch.add_column(string("status", 16, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("nbi_deployment") as batch:
        batch.drop_column("status")
