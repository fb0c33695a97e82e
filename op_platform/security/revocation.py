"""Revoked access tokens: one token (RFC 7009 revocation by its client) or all the tokens a
removed client was issued.

Revocations are rows in the database, so every replica honours them. Each replica keeps the
active ones in memory and re-reads them every ``REFRESH`` seconds (at once after a revocation it
made itself): a revocation made on another replica takes effect there within that time. A row
is kept until every token it covers has expired, then purged.

One read at a time: the requests that find the list old while it is being read wait for that
read instead of each starting their own (under load, every request in flight would otherwise
read the table at the same moment). A read that began before a local revocation does not count
as fresh.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlmodel.ext.asyncio.session import AsyncSession

from op_platform.db.engine import Database
from op_platform.db.tables.security_rows import TokenRevocationRow
from op_platform.errors import Unauthenticated
from op_platform.security.credential_repository import RevocationRepository
from op_platform.security.jwt_tokens import LEEWAY_SECONDS, Principal

REFRESH = 0.5


class Revocations:
    def __init__(self, database: Database, clock: Callable[[], datetime], token_ttl: int) -> None:
        self.database = database
        self._clock = clock
        self._ttl = token_ttl
        self._tokens: set[str] = set()
        self._clients: dict[str, int] = {}
        self._read_at = float("-inf")  # when the read of the list held began (monotonic)
        self._revoked_at = float("-inf")  # when this replica last revoked something
        self._reading = asyncio.Lock()

    def _current(self) -> bool:
        """The list held was read after the last local revocation, less than REFRESH ago."""
        return self._read_at > self._revoked_at and time.monotonic() - self._read_at < REFRESH

    async def check(self, caller: Principal) -> None:
        """Raise ``Unauthenticated`` when the caller's token was revoked."""
        if not self._current():
            await self._refresh()
        cutoff = self._clients.get(caller.client_id)
        if caller.token_id in self._tokens or (cutoff is not None and caller.issued_at < cutoff):
            raise Unauthenticated("the access token was revoked", cause="invalid_token")

    async def revoke_token(self, caller: Principal) -> None:
        """Revoke one (valid) token until it expires."""
        expires = datetime.fromtimestamp(caller.expires_at + LEEWAY_SECONDS, tz=UTC)
        row = TokenRevocationRow(
            key=f"jti:{caller.token_id}", client_id=caller.client_id, expires_at=expires
        )
        async with self.database.transaction() as session:
            await RevocationRepository(session).put(row)
            await RevocationRepository(session).purge(self._clock())
        self.stale()

    async def revoke_client(self, session: AsyncSession, client_id: str) -> None:
        """Revoke every token ``client_id`` holds now (inside the caller's transaction)."""
        now = self._clock()
        row = TokenRevocationRow(
            key=f"client:{client_id}",
            client_id=client_id,
            issued_before=math.floor(now.timestamp()) + 1,
            expires_at=now + timedelta(seconds=self._ttl + LEEWAY_SECONDS),
        )
        await RevocationRepository(session).put(row)
        self.stale()

    def stale(self) -> None:
        """Make the next check read the list again: after a revocation made here (called again
        once its transaction committed, so that a read begun before the commit is not used)."""
        self._revoked_at = time.monotonic()

    async def _refresh(self) -> None:
        """Read the list unless a read that began since it was wanted has just finished."""
        async with self._reading:
            if not self._current():
                await self._load()

    async def _load(self) -> None:
        started = time.monotonic()
        async with self.database.transaction() as session:
            rows = await RevocationRepository(session).active(self._clock())
        self._tokens = {row.key[4:] for row in rows if row.key.startswith("jti:")}
        self._clients = {
            row.client_id: row.issued_before
            for row in rows
            if row.key.startswith("client:") and row.issued_before is not None
        }
        self._read_at = started
