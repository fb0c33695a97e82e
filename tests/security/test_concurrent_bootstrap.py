"""Replicas starting at the same moment on one database: every one starts, one key, one client."""

from __future__ import annotations

import asyncio

from sqlmodel import select

from op_platform.db.engine import Database
from op_platform.db.tables.security_rows import ApiClientRow, SigningKeyRow
from op_platform.security.clients import ClientSpec
from op_platform.security.service import SecurityService

SPECS = [
    ClientSpec("partner-a", "secret-a", ("fed-mgmt",)),
    ClientSpec("partner-b", "secret-b", ("fed-mgmt", "other")),
]
REPLICAS = 4


async def test_replicas_bootstrapping_at_once_all_start(database_url: str) -> None:
    setup = Database(database_url)
    await setup.upgrade()
    await setup.close()
    databases = [Database(database_url) for _ in range(REPLICAS)]
    services = [SecurityService(db, issuer="https://op.test") for db in databases]
    try:
        await asyncio.gather(*(service.bootstrap(SPECS) for service in services))
        async with databases[0].transaction() as session:
            client_rows = (await session.exec(select(ApiClientRow))).all()
            key_rows = (await session.exec(select(SigningKeyRow))).all()
        assert sorted(row.client_id for row in client_rows) == ["partner-a", "partner-b"]
        assert {row.source for row in client_rows} == {"config"}
        assert [row.retire_after for row in key_rows] == [None]
        for service in services:
            assert await service.authenticate_client("partner-b", "secret-b") is not None
            issued = await service.issue("partner-a", frozenset({"fed-mgmt"}))
            for other in services:
                principal = await other.verify(issued.access_token)
                assert principal.client_id == "partner-a"
    finally:
        for db in databases:
            await db.close()


async def test_replicas_racing_again_keep_one_row_per_client(database_url: str) -> None:
    """A second simultaneous start (secrets changed) updates the rows in place."""
    setup = Database(database_url)
    await setup.upgrade()
    await setup.close()
    changed = [ClientSpec("partner-a", "secret-a2", ("fed-mgmt",))]
    databases = [Database(database_url) for _ in range(REPLICAS)]
    services = [SecurityService(db, issuer="https://op.test") for db in databases]
    try:
        await asyncio.gather(*(service.bootstrap(SPECS) for service in services))
        await asyncio.gather(*(service.bootstrap(changed) for service in services))
        assert [c.client_id for c in await services[0].list_clients()] == ["partner-a"]
        assert await services[1].authenticate_client("partner-a", "secret-a2") is not None
        assert await services[1].authenticate_client("partner-a", "secret-a") is None
    finally:
        for db in databases:
            await db.close()


async def test_replicas_ensuring_a_key_at_once_make_one(database_url: str) -> None:
    setup = Database(database_url)
    await setup.upgrade()
    await setup.close()
    databases = [Database(database_url) for _ in range(REPLICAS)]
    services = [SecurityService(db, issuer="https://op.test") for db in databases]
    try:
        await asyncio.gather(*(service.ensure_signing_key() for service in services))
        keys = await services[0].list_keys()
        assert len(keys) == 1
        assert keys[0].signing
    finally:
        for db in databases:
            await db.close()
