"""Repositories for federations in both roles. Never commit: the caller owns the transaction."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from sqlmodel import col, delete, func, select

from op_platform.db.repository import Repository
from op_platform.db.tables import (
    FederationRow,
    PartnerFederationRow,
    PartnerReportedStateRow,
    ZoneSubscriptionRow,
)


class FederationRepository(Repository):
    """Federation contexts served by this OP and their zone subscriptions."""

    async def get(self, federation_context_id: str) -> FederationRow | None:
        return await self._get(FederationRow, federation_context_id)

    async def count_for_client(self, client_id: str) -> int:
        query = (
            select(func.count())
            .select_from(FederationRow)
            .where(FederationRow.client_id == client_id)
        )
        return int((await self.session.exec(query)).one())

    async def by_orig_id(self, client_id: str, orig_op_federation_id: str) -> FederationRow | None:
        return await self._first(
            select(FederationRow).where(
                FederationRow.client_id == client_id,
                FederationRow.orig_op_federation_id == orig_op_federation_id,
            )
        )

    async def list(self) -> Sequence[FederationRow]:
        return await self._all(select(FederationRow).order_by(col(FederationRow.created_at)))

    async def add(self, row: FederationRow) -> None:
        await self._add_now(row)

    def save(self, row: FederationRow) -> None:
        self.session.add(row)

    async def delete(self, row: FederationRow) -> None:
        await self.session.exec(
            delete(ZoneSubscriptionRow).where(
                col(ZoneSubscriptionRow.federation_context_id) == row.federation_context_id
            )
        )
        await self._delete_now(row)

    async def subscription(
        self, federation_context_id: str, zone_id: str
    ) -> ZoneSubscriptionRow | None:
        return await self._get(ZoneSubscriptionRow, (federation_context_id, zone_id))

    async def subscriptions(self, federation_context_id: str) -> Sequence[ZoneSubscriptionRow]:
        return await self._all(
            select(ZoneSubscriptionRow)
            .where(ZoneSubscriptionRow.federation_context_id == federation_context_id)
            .order_by(col(ZoneSubscriptionRow.zone_id))
        )

    async def subscribers(self, zone_id: str) -> Sequence[ZoneSubscriptionRow]:
        return await self._all(
            select(ZoneSubscriptionRow)
            .where(ZoneSubscriptionRow.zone_id == zone_id)
            .order_by(col(ZoneSubscriptionRow.federation_context_id))
        )

    def add_subscription(self, row: ZoneSubscriptionRow) -> None:
        self.session.add(row)

    async def delete_subscription(self, row: ZoneSubscriptionRow) -> None:
        await self._delete_now(row)


class PartnerFederationRepository(Repository):
    """Federations this OP created with partners, and what the partners reported."""

    async def get(self, record_id: str, *, lock: bool = False) -> PartnerFederationRow | None:
        """With ``lock``: read afresh and held (``FOR UPDATE`` on PostgreSQL) until the
        transaction ends, for a read-modify-write of its JSON columns that a concurrent one
        (a partner's callback arriving meanwhile) must not undo."""
        return await self._get(PartnerFederationRow, record_id, lock=lock)

    async def by_context(self, federation_context_id: str) -> Sequence[PartnerFederationRow]:
        return await self._all(
            select(PartnerFederationRow).where(
                PartnerFederationRow.federation_context_id == federation_context_id
            )
        )

    async def list(self, partner_id: str | None = None) -> Sequence[PartnerFederationRow]:
        query = select(PartnerFederationRow)
        if partner_id is not None:
            query = query.where(PartnerFederationRow.partner_id == partner_id)
        return await self._all(query.order_by(col(PartnerFederationRow.created_at)))

    async def add(self, row: PartnerFederationRow) -> None:
        await self._add_now(row)

    def save(self, row: PartnerFederationRow) -> None:
        self.session.add(row)

    async def delete(self, row: PartnerFederationRow) -> None:
        await self.session.exec(
            delete(PartnerReportedStateRow).where(
                col(PartnerReportedStateRow.federation_context_id) == row.federation_context_id,
                col(PartnerReportedStateRow.partner_id) == row.partner_id,
            )
        )
        await self._delete_now(row)

    async def reported(
        self, federation_context_id: str, kind: str, object_id: str, zone_id: str = ""
    ) -> PartnerReportedStateRow | None:
        return await self._get(
            PartnerReportedStateRow, (federation_context_id, kind, object_id, zone_id)
        )

    async def reported_of(
        self, federation_context_id: str, kind: str, object_ids: Collection[str]
    ) -> Sequence[PartnerReportedStateRow]:
        """What the partner reported of ``kind`` about these objects, every zone, one query."""
        return await self._all(
            select(PartnerReportedStateRow).where(
                PartnerReportedStateRow.federation_context_id == federation_context_id,
                PartnerReportedStateRow.kind == kind,
                col(PartnerReportedStateRow.object_id).in_(list(object_ids)),
            )
        )

    async def reported_states(
        self, federation_context_id: str, kind: str | None = None
    ) -> Sequence[PartnerReportedStateRow]:
        query = select(PartnerReportedStateRow).where(
            PartnerReportedStateRow.federation_context_id == federation_context_id
        )
        if kind is not None:
            query = query.where(PartnerReportedStateRow.kind == kind)
        return await self._all(
            query.order_by(
                col(PartnerReportedStateRow.kind),
                col(PartnerReportedStateRow.object_id),
                col(PartnerReportedStateRow.zone_id),
            )
        )

    def save_reported(self, row: PartnerReportedStateRow) -> None:
        self.session.add(row)
