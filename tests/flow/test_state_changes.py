"""A flow operation's state only moves forward, and two outcomes arriving together (the MEO's
step-6 reply and its onboarded event) apply one after the other: the later one never writes
back a state the earlier one had left."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import pytest

from op_platform.db.engine import Database
from op_platform.db.tables.flow_rows import FlowOperationRow
from op_platform.services.flow import records as record


def operation(state: str = record.RECEIVED) -> FlowOperationRow:
    return FlowOperationRow(
        id=str(uuid.uuid4()),
        role=record.PARTNER,
        app_type="cross-network",
        target_network_id="21402",
        package_key=uuid.uuid4().hex,
        app_pkg_name="App",
        app_pkg_version="1.0.0",
        app_provider="ACME",
        checksum_hash="00",
        state=state,
    )


@pytest.fixture
async def database(database_url: str) -> AsyncIterator[Database]:
    database = Database(database_url)
    await database.upgrade()
    yield database
    await database.close()


def test_a_final_state_is_never_left_by_a_late_answer() -> None:
    row = operation(record.ONBOARDED)
    assert record.set_state(row, record.PENDING) is False
    assert row.state == record.ONBOARDED
    assert record.set_state(row, record.FAILED, "refused") is True
    assert row.state == record.FAILED


def test_a_retry_reopens_a_failed_operation() -> None:
    row = operation(record.FAILED)
    record.reopen(row)
    assert row.state == record.RECEIVED and row.detail is None


async def test_reply_and_event_arriving_together_end_onboarded(database: Database) -> None:
    row = operation()
    async with database.transaction() as session:
        session.add(row)

    async def event() -> None:  # the onboarded event, in a transaction of its own
        async with database.transaction() as session:
            found = await record.locked(session, row.id)
            record.set_state(found, record.ONBOARDED)

    async with database.transaction() as session:  # the step-6 reply: PROCESSING at the MEO
        found = await record.locked(session, row.id)
        racing = asyncio.create_task(event())
        await asyncio.wait({racing}, timeout=0.5)  # the event may not pass the lock
        if found.state not in record.FINAL:
            record.set_state(found, record.PENDING)
    await racing
    async with database.transaction() as session:
        assert (await record.locked(session, row.id)).state == record.ONBOARDED
