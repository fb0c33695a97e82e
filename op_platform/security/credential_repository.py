"""Repositories for API clients and signing keys. Never commit: the caller owns the transaction."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, func, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from op_platform.db.repository import Repository
from op_platform.db.tables.security_rows import ApiClientRow, SigningKeyRow, TokenRevocationRow

# Any constant: the advisory lock PostgreSQL replicas take while checking for a signing key.
_SIGNING_KEY_LOCK = 0x5349474E


def _is_postgres(session: AsyncSession) -> bool:
    return session.get_bind().dialect.name == "postgresql"


class ClientRepository(Repository):
    async def get(self, client_id: str) -> ApiClientRow | None:
        return await self._get(ApiClientRow, client_id)

    async def list(self) -> Sequence[ApiClientRow]:
        return await self._all(select(ApiClientRow).order_by(col(ApiClientRow.client_id)))

    def save(self, row: ApiClientRow) -> None:
        self.session.add(row)

    async def insert_if_missing(self, row: ApiClientRow) -> ApiClientRow:
        """Insert ``row`` unless a row with its id exists (maybe just inserted by another
        replica); return the stored row either way."""
        dialect = postgresql if _is_postgres(self.session) else sqlite
        values = row.model_dump()
        await self.session.exec(
            dialect.insert(ApiClientRow).values(**values).on_conflict_do_nothing()
        )
        stored = await self.session.get(ApiClientRow, row.client_id, populate_existing=True)
        if stored is None:  # pragma: no cover - deleted between the insert and the read
            raise RuntimeError(f"client {row.client_id!r} vanished")
        return stored

    async def delete(self, row: ApiClientRow) -> None:
        await self.session.delete(row)

    async def delete_configured_except(self, keep: set[str]) -> Sequence[str]:
        """Delete the ``config`` clients not in ``keep``; a row already gone is no error.
        Returns the ids of the clients it found to delete."""
        query = select(ApiClientRow.client_id).where(col(ApiClientRow.source) == "config")
        statement = delete(ApiClientRow).where(col(ApiClientRow.source) == "config")
        if keep:
            query = query.where(col(ApiClientRow.client_id).not_in(keep))
            statement = statement.where(col(ApiClientRow.client_id).not_in(keep))
        stale = (await self.session.exec(query)).all()
        await self.session.exec(statement)
        return stale


class SigningKeyRepository(Repository):
    async def lock(self) -> None:
        """Serialise key creation between replicas until the transaction ends.

        PostgreSQL: a transaction-scoped advisory lock. SQLite: a write that matches no row takes
        the database write lock first, so the reads that follow see every committed key.
        """
        if _is_postgres(self.session):
            await self.session.exec(select(func.pg_advisory_xact_lock(_SIGNING_KEY_LOCK)))
        else:
            await self.session.exec(
                update(SigningKeyRow)
                .where(col(SigningKeyRow.kid).is_(None))
                .values(kid=SigningKeyRow.kid)
            )

    async def list(self) -> Sequence[SigningKeyRow]:
        """Every stored key, newest first."""
        return await self._all(select(SigningKeyRow).order_by(col(SigningKeyRow.created_at).desc()))

    def save(self, row: SigningKeyRow) -> None:
        self.session.add(row)

    async def delete(self, row: SigningKeyRow) -> None:
        await self.session.delete(row)


class RevocationRepository(Repository):
    async def put(self, row: TokenRevocationRow) -> None:
        """Insert or replace the revocation with ``row.key`` (replicas may race on it)."""
        dialect = postgresql if _is_postgres(self.session) else sqlite
        values = row.model_dump()
        insert = dialect.insert(TokenRevocationRow).values(**values)
        changes = {k: insert.excluded[k] for k in ("issued_before", "expires_at", "created_at")}
        await self.session.exec(insert.on_conflict_do_update(index_elements=["key"], set_=changes))

    async def active(self, now: datetime) -> Sequence[TokenRevocationRow]:
        return await self._all(
            select(TokenRevocationRow).where(col(TokenRevocationRow.expires_at) > now)
        )

    async def purge(self, now: datetime) -> None:
        """Forget revocations whose tokens have all expired."""
        await self.session.exec(
            delete(TokenRevocationRow).where(col(TokenRevocationRow.expires_at) <= now)
        )
