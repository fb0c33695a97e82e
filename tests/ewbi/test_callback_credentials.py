"""The outbox's resolver of a federation's callback credentials reads them once, and again only
after the federation table changed (or the federation is gone)."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlmodel import delete

from op_platform.db.tables import FederationRow
from op_platform.keys import PLATFORM
from op_platform.services.federation.contexts import CALLBACK_AUTH, callback_tokens
from tests.conftest import OpFactory


class Counting:
    """The OP's database, counting the transactions opened through it."""

    def __init__(self, database: Any) -> None:
        self.database = database
        self.opened = 0

    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[Any]:
        self.opened += 1
        async with self.database.transaction() as session:
            yield session


async def test_credentials_are_read_once_until_the_federation_changes(
    start_ops: OpFactory,
) -> None:
    op = await start_ops()
    platform = op.app[PLATFORM]
    async with platform.database.transaction() as session:
        session.add(
            FederationRow(
                federation_context_id="ctx-1",
                client_id="op-b",
                orig_op_federation_id="fed-b",
                initial_date=datetime.now(UTC),
                notification_link="http://127.0.0.1:9/notify",
                callback_token_url="http://127.0.0.1:9/token",
                callback_client_id="op-a-at-b",
                callback_client_secret="s3cret",
            )
        )
    counting = Counting(platform.database)
    deps = platform.deps
    object.__setattr__(deps, "database", counting)
    ref = {"kind": CALLBACK_AUTH, "federation_context_id": "ctx-1"}
    first = await callback_tokens(deps, ref)
    # (a read running while the generations poll tells of the insert above is not kept)
    for _ in range(5):
        before = counting.opened
        await callback_tokens(deps, ref)
        if counting.opened == before:
            break
    opened = counting.opened
    assert opened <= 3
    for _ in range(3):
        assert await callback_tokens(deps, ref) is first
    assert counting.opened == opened  # kept: no transaction
    async with platform.database.transaction() as session:  # the federation is deleted
        await session.exec(delete(FederationRow))  # type: ignore[call-overload]
    with pytest.raises(LookupError):
        await callback_tokens(deps, ref)
    assert counting.opened == opened + 1
