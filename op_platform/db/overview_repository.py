"""Read-only listings across every federation context and owner, for the operator's page
(``/ui``). Thin like the other repositories: the caller owns the transaction."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from sqlmodel import SQLModel, col, select

from op_platform.db.repository import Repository
from op_platform.db.tables.application_rows import AppZoneRow
from op_platform.db.tables.federation_rows import ZoneSubscriptionRow
from op_platform.db.tables.instance_rows import AppInstanceRow
from op_platform.db.tables.nbi_rows import NbiAppRow, NbiAppTargetRow, NbiInstanceRow

T = TypeVar("T", bound=SQLModel)


class OverviewRepository(Repository):
    async def _rows(self, table: type[T], *order: Any, limit: int) -> Sequence[T]:
        return await self._all(select(table).order_by(*order).limit(limit))

    async def app_zones(self, limit: int) -> Sequence[AppZoneRow]:
        """Apps partners onboarded here, one row per zone."""
        return await self._rows(
            AppZoneRow, col(AppZoneRow.zone_id), col(AppZoneRow.app_id), limit=limit
        )

    async def instances(self, limit: int) -> Sequence[AppInstanceRow]:
        """Instances partners run here."""
        return await self._rows(
            AppInstanceRow, col(AppInstanceRow.zone_id), col(AppInstanceRow.created_at), limit=limit
        )

    async def subscriptions(self, limit: int) -> Sequence[ZoneSubscriptionRow]:
        return await self._rows(ZoneSubscriptionRow, col(ZoneSubscriptionRow.zone_id), limit=limit)

    async def nbi_apps(self, limit: int) -> Sequence[NbiAppRow]:
        return await self._rows(NbiAppRow, col(NbiAppRow.created_at).desc(), limit=limit)

    async def nbi_targets(self, limit: int) -> Sequence[NbiAppTargetRow]:
        return await self._rows(NbiAppTargetRow, col(NbiAppTargetRow.app_id), limit=limit)

    async def nbi_instances(self, limit: int) -> Sequence[NbiInstanceRow]:
        return await self._rows(
            NbiInstanceRow, col(NbiInstanceRow.zone_id), col(NbiInstanceRow.created_at), limit=limit
        )
