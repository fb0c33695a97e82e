"""Repository for the UNI: client sessions, and the reads it needs over other areas' tables.

Never commits: the caller owns the transaction.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime

from sqlmodel import col, delete, select

from op_platform.db.repository import Repository
from op_platform.db.tables import AppRow, PartnerReportedStateRow
from op_platform.db.tables.instance_rows import AppInstanceRow
from op_platform.db.tables.nbi_rows import NbiInstanceRow
from op_platform.db.tables.uni_rows import ClientSessionRow


class UniRepository(Repository):
    def add_session(self, row: ClientSessionRow) -> None:
        self.session.add(row)

    async def session_by_hash(self, token_hash: str) -> ClientSessionRow | None:
        return await self._first(
            select(ClientSessionRow).where(ClientSessionRow.token_hash == token_hash)
        )

    async def drop_expired(self, now: datetime) -> None:
        await self.session.exec(
            delete(ClientSessionRow).where(col(ClientSessionRow.expires_at) <= now)
        )

    async def apps_of_provider(self, app_provider_id: str) -> Sequence[AppRow]:
        """Applications onboarded here through the EWBI by that provider, in any context."""
        return await self._all(select(AppRow).where(AppRow.app_provider_id == app_provider_id))

    async def reported(
        self, kind: str, object_ids: Collection[str] = ()
    ) -> Sequence[PartnerReportedStateRow]:
        """What partners reported of ``kind``: about these objects, or (none given) all."""
        query = select(PartnerReportedStateRow).where(PartnerReportedStateRow.kind == kind)
        if object_ids:
            query = query.where(col(PartnerReportedStateRow.object_id).in_(list(object_ids)))
        return await self._all(query.order_by(col(PartnerReportedStateRow.object_id)))

    async def ready_nbi_instances(self, app_ids: Collection[str]) -> Sequence[NbiInstanceRow]:
        """ready NBI instances of these (CAMARA) app ids on this OP's own zones."""
        return await self._all(
            select(NbiInstanceRow).where(
                col(NbiInstanceRow.app_id).in_(list(app_ids)),
                NbiInstanceRow.status == "ready",
                col(NbiInstanceRow.local).is_(True),
            )
        )

    async def ready_instances(self, app_ids: Collection[str]) -> Sequence[AppInstanceRow]:
        """READY instances of these applications on this OP's zones (any federation context)."""
        return await self._all(
            select(AppInstanceRow).where(
                col(AppInstanceRow.app_id).in_(list(app_ids)), AppInstanceRow.state == "READY"
            )
        )
