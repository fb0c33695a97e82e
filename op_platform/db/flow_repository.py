"""Repository of flow operations and hops. Never commits."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import col, select

from op_platform.db.repository import Repository
from op_platform.db.tables.columns import utcnow
from op_platform.db.tables.flow_rows import FlowHopRow, FlowOperationRow


class FlowRepository(Repository):
    async def get(self, operation_id: str, *, lock: bool = False) -> FlowOperationRow | None:
        """One operation; ``lock`` holds its row until the transaction ends (PostgreSQL; SQLite
        serialises writers anyway), so that concurrent updates of one flow apply in turn."""
        return await self.session.get(FlowOperationRow, operation_id, with_for_update=lock)

    async def by_package(
        self, role: str, key: str, *, lock: bool = False
    ) -> FlowOperationRow | None:
        query = select(FlowOperationRow).where(
            FlowOperationRow.role == role, FlowOperationRow.package_key == key
        )
        return await self._first(query, lock=lock)

    async def by_remote_app(
        self, federation_context_id: str, app_id: str, *, lock: bool = False
    ) -> Sequence[FlowOperationRow]:
        query = select(FlowOperationRow).where(
            FlowOperationRow.federation_context_id == federation_context_id,
            FlowOperationRow.remote_app_id == app_id,
        )
        return await self._all(query, lock=lock)

    async def by_meo_package(
        self, app_pkg_id: str, *, lock: bool = False
    ) -> Sequence[FlowOperationRow]:
        query = select(FlowOperationRow).where(FlowOperationRow.meo_app_pkg_id == app_pkg_id)
        return await self._all(query, lock=lock)

    async def list(
        self, *, correlator: str | None = None, limit: int = 100
    ) -> Sequence[FlowOperationRow]:
        query = select(FlowOperationRow)
        if correlator is not None:
            query = query.where(FlowOperationRow.correlator == correlator)
        return await self._all(query.order_by(col(FlowOperationRow.created_at).desc()).limit(limit))

    async def hops(self, operation_id: str) -> Sequence[FlowHopRow]:
        query = (
            select(FlowHopRow)
            .where(FlowHopRow.operation_id == operation_id)
            .order_by(col(FlowHopRow.started_at), col(FlowHopRow.id))
        )
        return await self._all(query)

    def add(self, row: FlowOperationRow | FlowHopRow) -> None:
        if isinstance(row, FlowOperationRow):
            row.updated_at = utcnow()
        self.session.add(row)
