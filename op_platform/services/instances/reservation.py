"""The end of an ISV resource pool's reservation: ``reserveDuration`` added to its start.

The parts add up in calendar order: years, then months (the day clamped to the month's length),
then days. See ``pool_expiry`` for what happens when the time is up.
"""

from __future__ import annotations

import calendar
from datetime import datetime, timedelta
from typing import Any

from op_platform.db.tables.columns import utcnow
from op_platform.db.tables.instance_rows import ResourcePoolRow


def expiry(start: datetime, duration: dict[str, Any]) -> datetime:
    """``start`` plus a ResourceReservationDuration (``numOfYears``/``Months``/``Days``)."""
    months = start.month - 1 + int(duration.get("numOfMonths") or 0)
    months += 12 * int(duration.get("numOfYears") or 0)
    year, month = start.year + months // 12, months % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    moved = start.replace(year=year, month=month, day=day)
    return moved + timedelta(days=int(duration.get("numOfDays") or 0))


def ended(pool: ResourcePoolRow, now: datetime | None = None) -> bool:
    if pool.expires_at is None:
        return False
    expires = pool.expires_at
    current = now or utcnow()
    if expires.tzinfo is None:  # SQLite gives naive UTC back
        current = current.replace(tzinfo=None)
    return expires <= current
