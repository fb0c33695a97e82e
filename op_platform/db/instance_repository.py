"""Repositories for instances, resource pools, lifecycle jobs and roaming devices.

They never commit: the caller owns the transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, func
from sqlmodel import col, delete, select
from sqlmodel.ext.asyncio.session import AsyncSession

from op_platform.db.repository import Repository, TableRepository
from op_platform.db.tables.instance_rows import (
    AppInstanceRow,
    InstanceJobRow,
    ResourcePoolRow,
    RoamingDeviceRow,
)
from op_platform.db.tables.zone_rows import ZoneRow


class InstanceRepository(TableRepository[AppInstanceRow]):
    async def get(self, federation_context_id: str, app_instance_id: str) -> AppInstanceRow | None:
        return await self._first(
            select(AppInstanceRow).where(
                AppInstanceRow.federation_context_id == federation_context_id,
                AppInstanceRow.app_instance_id == app_instance_id,
            )
        )

    async def by_row_id(self, row_id: str) -> AppInstanceRow | None:
        return await self._get(AppInstanceRow, row_id)

    async def list_for_app(
        self, federation_context_id: str, app_id: str, app_provider_id: str | None = None
    ) -> Sequence[AppInstanceRow]:
        query = select(AppInstanceRow).where(
            AppInstanceRow.federation_context_id == federation_context_id,
            AppInstanceRow.app_id == app_id,
        )
        if app_provider_id is not None:
            query = query.where(AppInstanceRow.app_provider_id == app_provider_id)
        return await self._all(
            query.order_by(col(AppInstanceRow.zone_id), col(AppInstanceRow.created_at))
        )

    async def count(self, federation_context_id: str, app_id: str, zone_id: str | None) -> int:
        query = (
            select(func.count())
            .select_from(AppInstanceRow)
            .where(
                AppInstanceRow.federation_context_id == federation_context_id,
                AppInstanceRow.app_id == app_id,
            )
        )
        if zone_id is not None:
            query = query.where(AppInstanceRow.zone_id == zone_id)
        result = await self.session.exec(query)
        return int(result.one())

    async def holding_capacity(self, zone_id: str) -> Sequence[AppInstanceRow]:
        """Instances on the zone whose resources count against it."""
        return await self._holding(AppInstanceRow.zone_id == zone_id)

    async def in_pool(self, pool_id: str) -> Sequence[AppInstanceRow]:
        return await self._holding(AppInstanceRow.res_pool == pool_id)

    async def _holding(self, where: ColumnElement[bool] | bool) -> Sequence[AppInstanceRow]:
        return await self._all(
            select(AppInstanceRow).where(where, col(AppInstanceRow.holds_capacity).is_(True))
        )

    async def all_in(self, federation_context_id: str) -> Sequence[AppInstanceRow]:
        return await self._all(
            select(AppInstanceRow).where(
                AppInstanceRow.federation_context_id == federation_context_id
            )
        )


class PoolRepository(TableRepository[ResourcePoolRow]):
    async def get(self, federation_context_id: str, pool_id: str) -> ResourcePoolRow | None:
        row = await self._get(ResourcePoolRow, pool_id)
        if row is None or row.federation_context_id != federation_context_id:
            return None
        return row

    async def by_name(
        self, federation_context_id: str, app_provider_id: str, zone_id: str, pool_name: str
    ) -> ResourcePoolRow | None:
        return await self._first(
            select(ResourcePoolRow).where(
                ResourcePoolRow.federation_context_id == federation_context_id,
                ResourcePoolRow.app_provider_id == app_provider_id,
                ResourcePoolRow.zone_id == zone_id,
                ResourcePoolRow.pool_name == pool_name,
            )
        )

    async def list(
        self, federation_context_id: str, app_provider_id: str, zone_id: str
    ) -> Sequence[ResourcePoolRow]:
        return await self._all(
            select(ResourcePoolRow)
            .where(
                ResourcePoolRow.federation_context_id == federation_context_id,
                ResourcePoolRow.app_provider_id == app_provider_id,
                ResourcePoolRow.zone_id == zone_id,
            )
            .order_by(col(ResourcePoolRow.reservation_time))
        )

    async def on_zone(self, zone_id: str) -> Sequence[ResourcePoolRow]:
        return await self._all(select(ResourcePoolRow).where(ResourcePoolRow.zone_id == zone_id))

    async def all_in(self, federation_context_id: str) -> Sequence[ResourcePoolRow]:
        return await self._all(
            select(ResourcePoolRow).where(
                ResourcePoolRow.federation_context_id == federation_context_id
            )
        )

    async def ended(self, now: datetime) -> Sequence[ResourcePoolRow]:
        """Pools whose reservation ended at ``now`` or before."""
        return await self._all(
            select(ResourcePoolRow)
            .where(col(ResourcePoolRow.expires_at).is_not(None))
            .where(col(ResourcePoolRow.expires_at) <= now)
            .order_by(col(ResourcePoolRow.expires_at))
        )


class JobRepository(Repository):
    def add(self, row: InstanceJobRow) -> None:
        self.session.add(row)

    async def due(
        self, now: datetime, limit: int, *, skip_locked: bool
    ) -> Sequence[InstanceJobRow]:
        query = (
            select(InstanceJobRow)
            .where(col(InstanceJobRow.due_at) <= now)
            .order_by(col(InstanceJobRow.due_at), col(InstanceJobRow.created_at))
            .limit(limit)
        )
        if skip_locked:
            query = query.with_for_update(skip_locked=True)
        return await self._all(query)

    async def take(self, job_id: str) -> bool:
        """Delete the job; True if this transaction is the one that removed it."""
        result = await self.session.exec(
            delete(InstanceJobRow).where(col(InstanceJobRow.id) == job_id)
        )
        return bool(result.rowcount)

    async def cancel_for(self, instance_row_id: str) -> None:
        await self.session.exec(
            delete(InstanceJobRow).where(col(InstanceJobRow.instance_row_id) == instance_row_id)
        )

    async def next_due(self) -> datetime | None:
        result = await self.session.exec(select(func.min(InstanceJobRow.due_at)))
        return result.one()


class DeviceRepository(TableRepository[RoamingDeviceRow]):
    async def get(self, device_id: str) -> RoamingDeviceRow | None:
        return await self._get(RoamingDeviceRow, device_id)


async def lock_zone(session: AsyncSession, zone_id: str) -> ZoneRow | None:
    """The zone row, locked for the rest of the transaction on PostgreSQL (capacity changes of
    one zone are serialised; SQLite serialises writers anyway)."""
    result = await session.exec(select(ZoneRow).where(ZoneRow.zone_id == zone_id).with_for_update())
    return result.first()
