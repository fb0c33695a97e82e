"""Repository for the zone inventory. Never commits: the caller owns the transaction."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from op_platform.db.tables import ZoneRow
from op_platform.db.tables.columns import utcnow


class ZoneRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, zone_id: str) -> ZoneRow | None:
        return await self.session.get(ZoneRow, zone_id)

    async def list(self) -> Sequence[ZoneRow]:
        result = await self.session.exec(select(ZoneRow).order_by(col(ZoneRow.zone_id)))
        return result.all()

    async def upsert(self, row: ZoneRow) -> ZoneRow:
        existing = await self.get(row.zone_id)
        if existing is None:
            self.session.add(row)
            return row
        for name in ZoneRow.model_fields:
            if name not in {"zone_id", "status", "updated_at"}:
                setattr(existing, name, getattr(row, name))
        existing.updated_at = utcnow()
        self.session.add(existing)
        return existing
