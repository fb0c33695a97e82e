"""Repository for EWBI artefacts, image files and onboarded applications. Never commits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import and_, delete, or_, update
from sqlmodel import col, select

from op_platform.db.repository import Repository
from op_platform.db.tables.application_rows import (
    DEBOARDING,
    PENDING,
    AppRow,
    AppZoneRow,
    ArtefactRow,
    FileRow,
)
from op_platform.db.tables.columns import utcnow


class ApplicationRepository(Repository):
    # Artefacts and files.

    async def artefact(self, ctx: str, artefact_id: str) -> ArtefactRow | None:
        return await self._get(ArtefactRow, (ctx, artefact_id))

    async def file(self, ctx: str, file_id: str) -> FileRow | None:
        return await self._get(FileRow, (ctx, file_id))

    async def artefacts(self, ctx: str) -> Sequence[ArtefactRow]:
        return await self._all(select(ArtefactRow).where(ArtefactRow.federation_context_id == ctx))

    async def add(self, row: ArtefactRow | FileRow | AppRow | AppZoneRow) -> None:
        await self._add_now(row)

    async def delete(self, row: ArtefactRow | FileRow | AppRow | AppZoneRow) -> None:
        await self._delete_now(row)

    # Applications.

    async def app(self, ctx: str, app_id: str, *, lock: bool = False) -> AppRow | None:
        """``lock``: the row locked (and read afresh) until the transaction ends."""
        return await self._get(AppRow, (ctx, app_id), lock=lock)

    async def apps(self, ctx: str) -> Sequence[AppRow]:
        return await self._all(
            select(AppRow).where(AppRow.federation_context_id == ctx).order_by(col(AppRow.app_id))
        )

    async def zones(self, ctx: str, app_id: str) -> Sequence[AppZoneRow]:
        return await self._all(
            select(AppZoneRow)
            .where(AppZoneRow.federation_context_id == ctx, AppZoneRow.app_id == app_id)
            .order_by(col(AppZoneRow.zone_id))
        )

    async def zone(self, ctx: str, app_id: str, zone_id: str) -> AppZoneRow | None:
        return await self._get(AppZoneRow, (ctx, app_id, zone_id))

    async def due_zones(
        self, pending_before: datetime, now: datetime, limit: int = 100
    ) -> Sequence[AppZoneRow]:
        """Zone rows the onboarding driver has work on: PENDING since ``pending_before`` or
        earlier, and every DEBOARDING row; rows with a ``due_at`` after ``now`` wait."""
        return await self._all(
            select(AppZoneRow)
            .where(
                or_(
                    and_(
                        col(AppZoneRow.status) == PENDING,
                        col(AppZoneRow.updated_at) <= pending_before,
                    ),
                    col(AppZoneRow.status) == DEBOARDING,
                )
            )
            .where(or_(col(AppZoneRow.due_at).is_(None), col(AppZoneRow.due_at) <= now))
            .order_by(col(AppZoneRow.updated_at))
            .limit(limit)
        )

    async def delete_app(self, ctx: str, app_id: str) -> None:
        for zone in await self.zones(ctx, app_id):
            await self.session.delete(zone)
        app = await self.app(ctx, app_id)
        if app is not None:
            await self.session.delete(app)
        await self.session.flush()

    async def delete_context(self, ctx: str) -> None:
        """Every artefact, file, application and application zone row of one context."""
        for table in (AppZoneRow, AppRow, ArtefactRow, FileRow):
            await self.session.exec(
                delete(table)
                .where(col(table.federation_context_id) == ctx)
                .execution_options(synchronize_session=False)
            )

    async def move_zone(
        self,
        row: AppZoneRow,
        new_status: str,
        *,
        reason: str | None = None,
        due_at: datetime | None = None,
    ) -> bool:
        """Compare-and-set the state of one zone row; False if someone else moved it first.

        On success ``row`` holds the new state and revision.
        """
        values: dict[str, Any] = {
            "status": new_status,
            "reason": reason,
            "due_at": due_at,
            "revision": row.revision + 1,
            "updated_at": utcnow(),
        }
        statement = (
            update(AppZoneRow)
            .where(
                col(AppZoneRow.federation_context_id) == row.federation_context_id,
                col(AppZoneRow.app_id) == row.app_id,
                col(AppZoneRow.zone_id) == row.zone_id,
                col(AppZoneRow.status) == row.status,
                col(AppZoneRow.revision) == row.revision,
            )
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        result = await self.session.exec(statement)
        if int(getattr(result, "rowcount", 0) or 0) != 1:
            return False
        for name, value in values.items():
            setattr(row, name, value)
        return True
