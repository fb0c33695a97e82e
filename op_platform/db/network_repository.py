"""Repository of what this OP holds at its NEF, and the reads over instances it needs.

Never commits: the caller owns the transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlmodel import col, select

from op_platform.db.repository import Repository
from op_platform.db.tables.instance_rows import AppInstanceRow
from op_platform.db.tables.nbi_rows import NbiAppRow, NbiInstanceRow
from op_platform.db.tables.network_rows import (
    CamaraTrafficRow,
    QodSessionRow,
    SteeringRow,
    UePathRow,
)


class NetworkRepository(Repository):
    async def steering(self) -> Sequence[SteeringRow]:
        return await self._all(select(SteeringRow).order_by(col(SteeringRow.created_at)))

    async def steering_of(self, instance_key: str, *, lock: bool = False) -> SteeringRow | None:
        statement = select(SteeringRow).where(SteeringRow.instance_key == instance_key)
        return await self._first(statement, lock=lock)

    def add(self, row: SteeringRow) -> None:
        self.session.add(row)

    async def delete(self, row: SteeringRow) -> None:
        await self.session.delete(row)

    async def ready_partner_instances(self, state: str) -> Sequence[AppInstanceRow]:
        """Instances partners installed here (EWBI) that are in ``state``."""
        return await self._all(select(AppInstanceRow).where(AppInstanceRow.state == state))

    async def ready_local_instances(self, status: str) -> Sequence[NbiInstanceRow]:
        """Instances providers created on this OP's own zones (NBI) that are in ``status``."""
        return await self._all(
            select(NbiInstanceRow).where(
                col(NbiInstanceRow.local).is_(True), NbiInstanceRow.status == status
            )
        )

    async def ue_path(self, ue: str) -> UePathRow | None:
        return await self._get(UePathRow, ue)

    def add_ue_path(self, row: UePathRow) -> None:
        self.session.add(row)

    async def qod_session(self, session_id: str, *, lock: bool = False) -> QodSessionRow | None:
        statement = select(QodSessionRow).where(QodSessionRow.session_id == session_id)
        return await self._first(statement, lock=lock)

    async def qod_sessions_of_device(self, device_key: str) -> Sequence[QodSessionRow]:
        statement = select(QodSessionRow).where(QodSessionRow.device_key == device_key)
        return await self._all(statement.order_by(col(QodSessionRow.created_at)))

    async def qod_sessions_due(self, now: datetime) -> Sequence[QodSessionRow]:
        """Sessions whose end time has come (whatever their status)."""
        return await self._all(select(QodSessionRow).where(col(QodSessionRow.expires_at) <= now))

    def add_qod_session(self, row: QodSessionRow) -> None:
        self.session.add(row)

    async def delete_qod_session(self, row: QodSessionRow) -> None:
        await self.session.delete(row)

    async def qod_session_of_nef(self, nef_id: str) -> QodSessionRow | None:
        """The session the NEF knows as ``nef_id`` (locked)."""
        return await self._first(
            select(QodSessionRow).where(QodSessionRow.nef_id == nef_id), lock=True
        )

    async def steering_of_subscription(self, ti_id: str) -> SteeringRow | None:
        """The steering whose traffic influence the NEF knows as ``ti_id`` (locked)."""
        return await self._first(select(SteeringRow).where(SteeringRow.ti_id == ti_id), lock=True)

    async def camara_traffic(self, ti_id: str, *, lock: bool = False) -> CamaraTrafficRow | None:
        statement = select(CamaraTrafficRow).where(CamaraTrafficRow.ti_id == ti_id)
        return await self._first(statement, lock=lock)

    async def camara_traffic_of(self, owner: str, app_id: str | None) -> Sequence[CamaraTrafficRow]:
        statement = select(CamaraTrafficRow).where(CamaraTrafficRow.owner == owner)
        if app_id is not None:
            statement = statement.where(CamaraTrafficRow.app_id == app_id)
        return await self._all(statement.order_by(col(CamaraTrafficRow.created_at)))

    def add_camara_traffic(self, row: CamaraTrafficRow) -> None:
        self.session.add(row)

    async def delete_camara_traffic(self, row: CamaraTrafficRow) -> None:
        await self.session.delete(row)

    async def ready_local_instances_of(self, owner: str, app_id: str) -> Sequence[NbiInstanceRow]:
        """The provider's READY instances of an app on this OP's own zones."""
        statement = select(NbiInstanceRow).where(
            NbiInstanceRow.owner == owner,
            NbiInstanceRow.app_id == app_id,
            NbiInstanceRow.status == "ready",
            col(NbiInstanceRow.local).is_(True),
        )
        return await self._all(statement)

    async def nbi_app(self, app_id: str, owner: str) -> NbiAppRow | None:
        """The provider's NBI application (None for another's)."""
        return await self._first(
            select(NbiAppRow).where(NbiAppRow.app_id == app_id, NbiAppRow.owner == owner)
        )

    async def camara_traffic_deleted(
        self, state: str, before: datetime
    ) -> Sequence[CamaraTrafficRow]:
        statement = select(CamaraTrafficRow).where(
            CamaraTrafficRow.state == state, col(CamaraTrafficRow.updated_at) < before
        )
        return await self._all(statement)
