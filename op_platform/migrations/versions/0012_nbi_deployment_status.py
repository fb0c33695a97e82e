"""NBI deployments remember the aggregate status last announced to their sink.

Revision ID: 0012_nbi_deployment_status
Revises: 0010_nbi
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012_nbi_deployment_status"
down_revision = "0010_nbi"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("nbi_deployment") as batch:
        batch.add_column(sa.Column("status", sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("nbi_deployment") as batch:
        batch.drop_column("status")
