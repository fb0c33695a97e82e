"""Resource pools remember when their reservation ends (reserveDuration from the reservation)."""

from __future__ import annotations

import calendar
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from alembic import op

from op_platform.migrations.columns import when

revision = "0014_pool_expiry"
down_revision = "0013_one_head"

pools = sa.table(
    "resource_pool",
    sa.column("pool_id", sa.String()),
    sa.column("reserve_duration", sa.JSON()),
    sa.column("reservation_time", sa.DateTime(timezone=True)),
    sa.column("expires_at", sa.DateTime(timezone=True)),
)


def _expiry(start: datetime, duration: dict[str, Any]) -> datetime:
    # A frozen copy of op_platform.services.instances.reservation.expiry at this revision.
    months = start.month - 1 + int(duration.get("numOfMonths") or 0)
    months += 12 * int(duration.get("numOfYears") or 0)
    year, month = start.year + months // 12, months % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    moved = start.replace(year=year, month=month, day=day)
    return moved + timedelta(days=int(duration.get("numOfDays") or 0))


def upgrade() -> None:
    with op.batch_alter_table("resource_pool") as batch:
        batch.add_column(when("expires_at", nullable=True))
        batch.create_index("ix_resource_pool_expires_at", ["expires_at"])
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(pools.c.pool_id, pools.c.reserve_duration, pools.c.reservation_time)
    ).all()
    for pool_id, duration, start in rows:
        connection.execute(
            pools.update()
            .where(pools.c.pool_id == pool_id)
            .values(expires_at=_expiry(start, duration or {}))
        )


def downgrade() -> None:
    with op.batch_alter_table("resource_pool") as batch:
        batch.drop_index("ix_resource_pool_expires_at")
        batch.drop_column("expires_at")
