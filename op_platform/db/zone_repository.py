"""Repositories for the zone inventory and the nodes of zones on edge sites. Never commit: the
caller owns the transaction."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from sqlmodel import col, select

from op_platform.db.repository import Repository, TableRepository
from op_platform.db.tables import EdgeNodeRow, ZoneRow
from op_platform.db.tables.columns import utcnow
from op_platform.db.tables.nbi_rows import NbiInstanceRow


class ZoneRepository(Repository):
    async def get(self, zone_id: str) -> ZoneRow | None:
        return await self._get(ZoneRow, zone_id)

    async def list(self) -> Sequence[ZoneRow]:
        return await self._all(select(ZoneRow).order_by(col(ZoneRow.zone_id)))

    async def upsert(self, row: ZoneRow, keep: Collection[str] = ()) -> ZoneRow:
        """Add ``row`` or overwrite the stored one, but its status and the fields in ``keep``."""
        existing = await self.get(row.zone_id)
        if existing is None:
            self.session.add(row)
            return row
        for name in ZoneRow.model_fields:
            if name not in {"zone_id", "status", "updated_at", *keep}:
                setattr(existing, name, getattr(row, name))
        existing.updated_at = utcnow()
        self.session.add(existing)
        return existing


class EdgeNodeRepository(TableRepository[EdgeNodeRow]):
    """The nodes of zones on edge sites. Never commits."""

    async def of_zone(self, zone_id: str) -> Sequence[EdgeNodeRow]:
        return await self._all(
            select(EdgeNodeRow)
            .where(EdgeNodeRow.zone_id == zone_id)
            .order_by(col(EdgeNodeRow.node_id))
        )

    async def all(self) -> Sequence[EdgeNodeRow]:
        return await self._all(
            select(EdgeNodeRow).order_by(col(EdgeNodeRow.zone_id), col(EdgeNodeRow.node_id))
        )

    async def nbi_instances_on(self, zone_id: str) -> Sequence[NbiInstanceRow]:
        """This OP's own NBI instances on the zone that are starting or running."""
        return await self._all(
            select(NbiInstanceRow).where(
                NbiInstanceRow.zone_id == zone_id,
                col(NbiInstanceRow.local).is_(True),
                col(NbiInstanceRow.status).in_(("instantiating", "ready")),
            )
        )
