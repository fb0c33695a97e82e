"""The local instance driver never overwrites a change made after it read a due instance."""

from __future__ import annotations

from datetime import timedelta

import pytest

from op_platform.db.engine import Database
from op_platform.db.nbi_repository import NbiRepository
from op_platform.db.tables.columns import utcnow
from op_platform.db.tables.nbi_rows import NbiInstanceRow
from op_platform.errors import Gone
from op_platform.services.instances import local_driver as local
from op_platform.services.instances import provider_instances as instances
from op_platform.settings import Settings


def _instance(status: str, due_in: float) -> NbiInstanceRow:
    return NbiInstanceRow(
        instance_id="0b6c3c44-7d4c-4a4c-9b43-4f2a1d2e3f40",
        owner="provider-one",
        app_id="5f0c1b8e-2a7e-4c55-8d0d-2f3c4b5a6978",
        name="arena_one",
        zone_id="zone-1",
        zone_uuid="9d8e7f60-1a2b-4c3d-8e9f-0a1b2c3d4e5f",
        provider="op-nbi",
        status=status,
        due_at=utcnow() + timedelta(seconds=due_in),
    )


async def test_removal_between_read_and_write_wins(database_url: str) -> None:
    database = Database(database_url)
    if database.is_sqlite:
        await database.close()
        pytest.skip("SQLite transactions run one after the other (BEGIN IMMEDIATE): no overlap")
    await database.upgrade()
    settings = Settings(operator_id="op-nbi", country_code="ES", database_url=database_url)
    try:
        async with database.transaction() as session:
            NbiRepository(session).add(_instance("instantiating", -1))
        async with database.transaction() as driver:
            (seen,) = await NbiRepository(driver).due_instances(utcnow())
            async with database.transaction() as removal:
                row = await NbiRepository(removal).instance(seen.instance_id)
                assert row is not None
                local.stop(row, settings)
                NbiRepository(removal).add(row)
            assert not await NbiRepository(driver).claim_due(
                seen.instance_id, seen.status, utcnow()
            )
        async with database.transaction() as session:
            assert await local.advance_due(session) == 0
            row = await NbiRepository(session).instance(seen.instance_id)
            assert row is not None and row.status == "terminating"
    finally:
        await database.close()


async def test_due_instance_becomes_ready_once(database_url: str) -> None:
    database = Database(database_url)
    await database.upgrade()
    try:
        async with database.transaction() as session:
            NbiRepository(session).add(_instance("instantiating", -1))
        async with database.transaction() as session:
            assert await local.advance_due(session) == 1
        async with database.transaction() as session:
            assert await local.advance_due(session) == 0
            (row,) = await NbiRepository(session).instances(owner="provider-one")
            assert row.status == "ready" and row.due_at is None
    finally:
        await database.close()


async def test_removing_an_instance_another_transaction_deleted(database_url: str) -> None:
    """A removal that read the instance before its termination finished elsewhere leaves it
    alone (it was a 500 on PostgreSQL: found by the fuzzer); the next delete is 410."""
    database = Database(database_url)
    if database.is_sqlite:
        await database.close()
        pytest.skip("SQLite transactions run one after the other (BEGIN IMMEDIATE): no overlap")
    await database.upgrade()
    settings = Settings(operator_id="op-nbi", country_code="ES", database_url=database_url)
    try:
        async with database.transaction() as session:
            NbiRepository(session).add(_instance("terminating", -1))
        async with database.transaction() as removal:
            (seen,) = await NbiRepository(removal).instances(owner="provider-one")
            instance_id = seen.instance_id
            async with database.transaction() as driver:
                assert await local.advance_due(driver) == 1
            await instances.remove(removal, settings, seen)
        async with database.transaction() as session:
            with pytest.raises(Gone):
                await instances.delete(session, settings, "provider-one", instance_id)
    finally:
        await database.close()
