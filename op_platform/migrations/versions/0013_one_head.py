"""Join the per-area branches into one head; later migrations descend from this one."""

from __future__ import annotations

revision = "0013_one_head"
down_revision = (
    "0002_security",
    "0003_outbox",
    "0004_federation",
    "0005_applications",
    "0006_instances",
    "0007_flow",
    "0011_uni",
    "0012_nbi_deployment_status",
)


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
