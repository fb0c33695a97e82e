"""Registered API clients: who may ask this OP for a token, with which scopes.

Secrets are stored only as scrypt hashes. Clients from the settings (``source="config"``) are
upserted at start-up and removed when they leave the settings; clients added by the admin
command (``source="admin"``) stay until removed.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlmodel.ext.asyncio.session import AsyncSession

from op_platform.db.tables.columns import utcnow
from op_platform.db.tables.security_rows import ApiClientRow
from op_platform.errors import AlreadyExists, InvalidInput, NotFound
from op_platform.security.credential_repository import ClientRepository
from op_platform.security.jwt_tokens import format_scopes, parse_scopes
from op_platform.security.passwords import generate_secret, hash_secret, verify_secret

KINDS = ("partner", "app-provider")
SCOPE = re.compile(r"^[\x21\x23-\x5b\x5d-\x7e]+$")
CLIENT_ID = re.compile(r"^[\x20-\x7e]{1,128}$")


@dataclass(frozen=True)
class ClientSpec:
    """A client as configured: id, clear secret (never stored), scopes and kind."""

    client_id: str
    secret: str
    scopes: tuple[str, ...] = ("fed-mgmt",)
    kind: str = "partner"


@dataclass(frozen=True)
class ClientInfo:
    """A registered client as shown to admins: never the secret nor its hash."""

    client_id: str
    scopes: frozenset[str]
    kind: str
    source: str


def _info(row: ApiClientRow) -> ClientInfo:
    return ClientInfo(row.client_id, parse_scopes(row.scopes), row.kind, row.source)


def _check(spec: ClientSpec) -> None:
    problems = []
    if not CLIENT_ID.match(spec.client_id) or ":" in spec.client_id:
        problems.append(("client_id", "1-128 printable characters, no colon"))
    if not spec.secret:
        problems.append(("secret", "must not be empty"))
    for scope in spec.scopes:
        if not SCOPE.match(scope):
            problems.append(("scope", f"{scope!r} is not a valid OAuth2 scope token"))
    if spec.kind not in KINDS:
        problems.append(("kind", f"must be one of {', '.join(KINDS)}"))
    if problems:
        raise InvalidInput("invalid client registration", params=problems)


async def _matches(secret: str, stored: str) -> bool:
    return await asyncio.to_thread(verify_secret, secret, stored)


async def _hash(secret: str) -> str:
    return await asyncio.to_thread(hash_secret, secret)


async def sync_configured(session: AsyncSession, specs: Sequence[ClientSpec]) -> Sequence[str]:
    """Make the ``config`` clients in the database exactly those of the settings; the ids of
    the clients removed (no longer configured).

    Safe when several replicas do it at once on one database: a missing client is inserted with
    ``ON CONFLICT DO NOTHING`` and then updated in place; stale ones are deleted by a statement
    that does not mind a row another replica deleted first.
    """
    repo = ClientRepository(session)
    for spec in specs:
        _check(spec)
        row = await repo.get(spec.client_id)
        if row is None:
            row = await repo.insert_if_missing(
                ApiClientRow(client_id=spec.client_id, secret_hash=await _hash(spec.secret))
            )
        if not await _matches(spec.secret, row.secret_hash):
            row.secret_hash = await _hash(spec.secret)
        row.scopes = format_scopes(spec.scopes)
        row.kind = spec.kind
        row.source = "config"
        row.updated_at = utcnow()
        repo.save(row)
    await session.flush()
    return await repo.delete_configured_except({spec.client_id for spec in specs})


async def add(
    session: AsyncSession,
    client_id: str,
    secret: str | None,
    scopes: Iterable[str],
    kind: str = "partner",
) -> str:
    """Register a client (source ``admin``); return its secret (generated when not given)."""
    secret = secret or generate_secret()
    spec = ClientSpec(client_id, secret, tuple(scopes), kind)
    _check(spec)
    repo = ClientRepository(session)
    if await repo.get(client_id) is not None:
        raise AlreadyExists(f"client {client_id!r} is already registered")
    repo.save(
        ApiClientRow(
            client_id=client_id,
            secret_hash=await _hash(secret),
            scopes=format_scopes(spec.scopes),
            kind=kind,
            source="admin",
        )
    )
    return secret


async def remove(session: AsyncSession, client_id: str) -> None:
    repo = ClientRepository(session)
    row = await repo.get(client_id)
    if row is None:
        raise NotFound(f"no client {client_id!r}")
    await repo.delete(row)


async def list_all(session: AsyncSession) -> list[ClientInfo]:
    return [_info(row) for row in await ClientRepository(session).list()]


async def authenticate(session: AsyncSession, client_id: str, secret: str) -> ClientInfo | None:
    """The client when the secret matches; None otherwise (unknown id or wrong secret)."""
    row = await ClientRepository(session).get(client_id)
    if row is None:
        await _hash(secret)  # same cost as a real check: no timing hint that the id is unknown
        return None
    if not await _matches(secret, row.secret_hash):
        return None
    return _info(row)
