"""MEPM persistence: received notifications (repositories never commit)."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import MetaData, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from mec_mocks.common.db import indexed, received_table, received_view

metadata = MetaData()

notifications = received_table(
    "notifications", metadata, *indexed("notification_id", "notification_type", "app_pkg_id")
)


async def add(conn: AsyncConnection, doc: dict[str, Any], received_at: str) -> None:
    await conn.execute(
        insert(notifications).values(
            notification_id=doc["id"],
            notification_type=doc["notificationType"],
            app_pkg_id=doc["appPkgId"],
            doc=json.dumps(doc),
            received_at=received_at,
        )
    )


async def list_all(
    conn: AsyncConnection, *, notification_type: str | None = None, app_pkg_id: str | None = None
) -> list[dict[str, Any]]:
    stmt = select(notifications).order_by(notifications.c.seq)
    if notification_type:
        stmt = stmt.where(notifications.c.notification_type == notification_type)
    if app_pkg_id:
        stmt = stmt.where(notifications.c.app_pkg_id == app_pkg_id)
    rows = (await conn.execute(stmt)).mappings().all()
    return [received_view(r) for r in rows]
