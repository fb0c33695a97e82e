"""Repository of the NBI tables (never commits). Every query of an owner's rows filters on it.

Deleting an instance or a deployment leaves a tombstone (:class:`NbiTombstoneRow`), so a later
request for it can answer 410 GONE.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import update
from sqlalchemy.exc import InvalidRequestError
from sqlmodel import col, select

from op_platform.db.repository import Repository
from op_platform.db.tables.nbi_rows import (
    NbiAppRow,
    NbiAppTargetRow,
    NbiDeploymentRow,
    NbiInstanceRow,
    NbiTombstoneRow,
)


class NbiRepository(Repository):
    def add(self, row: NbiAppRow | NbiAppTargetRow | NbiInstanceRow | NbiDeploymentRow) -> None:
        self.session.add(row)

    async def delete(
        self, row: NbiAppRow | NbiAppTargetRow | NbiInstanceRow | NbiDeploymentRow
    ) -> None:
        if isinstance(row, NbiInstanceRow):
            await self._bury("instance", row.instance_id, row.owner)
        elif isinstance(row, NbiDeploymentRow):
            await self._bury("deployment", row.deployment_id, row.owner)
        await self.session.delete(row)

    async def _bury(self, kind: str, resource_id: str, owner: str) -> None:
        if await self._get(NbiTombstoneRow, resource_id) is None:
            self.session.add(NbiTombstoneRow(resource_id=resource_id, kind=kind, owner=owner))

    async def tombstone(self, kind: str, resource_id: str, owner: str) -> NbiTombstoneRow | None:
        """The tombstone of ``owner``'s deleted ``kind`` (instance|deployment), if any."""
        found = await self._get(NbiTombstoneRow, resource_id)
        return found if found is not None and found.kind == kind and found.owner == owner else None

    async def app(self, app_id: str) -> NbiAppRow | None:
        return await self._get(NbiAppRow, app_id)

    async def lock_app(self, app_id: str) -> None:
        await self._get(NbiAppRow, app_id, lock=True)

    async def app_named(
        self, owner: str, name: str, version: str, provider: str
    ) -> NbiAppRow | None:
        query = select(NbiAppRow).where(
            NbiAppRow.owner == owner,
            NbiAppRow.name == name,
            NbiAppRow.version == version,
            NbiAppRow.app_provider == provider,
        )
        return await self._first(query)

    async def apps(self, owner: str) -> Sequence[NbiAppRow]:
        query = select(NbiAppRow).where(NbiAppRow.owner == owner)
        return await self._all(query.order_by(col(NbiAppRow.created_at)))

    async def targets(self, app_id: str) -> Sequence[NbiAppTargetRow]:
        query = select(NbiAppTargetRow).where(NbiAppTargetRow.app_id == app_id)
        return await self._all(query.order_by(col(NbiAppTargetRow.provider)))

    async def target(self, app_id: str, provider: str) -> NbiAppTargetRow | None:
        return await self._get(NbiAppTargetRow, (app_id, provider))

    async def target_by_ewbi(self, provider: str, ewbi_app_id: str) -> NbiAppTargetRow | None:
        query = select(NbiAppTargetRow).where(
            NbiAppTargetRow.provider == provider, NbiAppTargetRow.ewbi_app_id == ewbi_app_id
        )
        return await self._first(query)

    async def instance(self, instance_id: str, *, lock: bool = False) -> NbiInstanceRow | None:
        """The instance; with ``lock``, read as it is now and held as :meth:`lock` does."""
        return await self._get(NbiInstanceRow, instance_id, lock=lock)

    async def instances(
        self, owner: str | None = None, app_id: str | None = None
    ) -> Sequence[NbiInstanceRow]:
        query = select(NbiInstanceRow)
        if owner is not None:
            query = query.where(NbiInstanceRow.owner == owner)
        if app_id is not None:
            query = query.where(NbiInstanceRow.app_id == app_id)
        return await self._all(query.order_by(col(NbiInstanceRow.created_at)))

    async def remote_instance(self, provider: str, remote_id: str) -> NbiInstanceRow | None:
        query = select(NbiInstanceRow).where(
            NbiInstanceRow.provider == provider, NbiInstanceRow.remote_instance_id == remote_id
        )
        return await self._first(query)

    async def due_instances(self, now: datetime) -> Sequence[NbiInstanceRow]:
        query = select(NbiInstanceRow).where(
            col(NbiInstanceRow.due_at).is_not(None), col(NbiInstanceRow.due_at) <= now
        )
        return await self._all(query)

    async def lock(self, row: NbiInstanceRow) -> bool:
        """Reload ``row`` as it is now and hold it (``FOR UPDATE`` on PostgreSQL) until the
        transaction ends, so a decision taken on its state is not undone by another writer.
        False when another transaction deleted it since it was read."""
        await self.session.flush()
        try:
            await self.session.refresh(row, with_for_update=True)
        except InvalidRequestError:  # the row is gone
            return False
        return True

    async def claim_due(self, instance_id: str, status: str, now: datetime) -> bool:
        """Take a due transition: clears ``due_at`` only if the row is still in ``status`` and
        due, so a transition never overwrites a change another transaction made meanwhile (a
        removal turning an instantiating instance into a terminating one, say). The update holds
        the row until this transaction ends."""
        query = (
            update(NbiInstanceRow)
            .where(
                col(NbiInstanceRow.instance_id) == instance_id,
                col(NbiInstanceRow.status) == status,
                col(NbiInstanceRow.due_at).is_not(None),
                col(NbiInstanceRow.due_at) <= now,
            )
            .values(due_at=None)
            .execution_options(synchronize_session=False)
        )
        result = await self.session.exec(query)
        return bool(result.rowcount)

    async def deployment(self, deployment_id: str) -> NbiDeploymentRow | None:
        return await self._get(NbiDeploymentRow, deployment_id)

    async def deployments(self, owner: str) -> Sequence[NbiDeploymentRow]:
        query = select(NbiDeploymentRow).where(NbiDeploymentRow.owner == owner)
        return await self._all(query.order_by(col(NbiDeploymentRow.created_at)))
