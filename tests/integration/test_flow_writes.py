"""What one cross-network onboarding costs each OP on its path: every write is a statement under
the database's write lock. Each OP writes a new operation once, with everything its first
transaction set (no UPDATE of the row just inserted), then once for the reply of the next hop
and once for the final outcome; and the origin never asks its MEO about the package the MEO
forwards (its local events do not concern the flow)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import event

from op_platform.clients.meo_client import MeoClient
from op_platform.demo.topology import Operator, start_all, stop_all
from op_platform.keys import PLATFORM
from op_platform.models.meo import AppPkgInfo
from tests.integration.flow_helpers import federate, onboard_at, operations, operators, package


def _count_operation_writes(operator: Operator) -> Counter[str]:
    """INSERT / UPDATE statements on ``flow_operation`` at ``operator``'s database, from now."""
    app = operator.op.app
    assert app is not None
    engine = app[PLATFORM].database.engine.sync_engine
    writes: Counter[str] = Counter()

    def seen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        words = statement.split()
        if words[0] == "INSERT" and words[2] == "flow_operation":
            writes["INSERT"] += 1
        elif words[0] == "UPDATE" and words[1] == "flow_operation":
            writes["UPDATE"] += 1

    event.listen(engine, "before_cursor_execute", seen)
    return writes


async def test_each_op_writes_the_operation_three_times(
    tmp_path: Path,
    new_database: Callable[[str], Awaitable[str]],
    http: httpx.AsyncClient,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ops = await operators(tmp_path, new_database)
    one, two = ops
    asked: list[str] = []  # the MEOs asked about a package by their OP
    read = MeoClient.package

    async def package_read(self: MeoClient, app_pkg_id: str) -> AppPkgInfo:
        asked.append(self.base_url)
        return await read(self, app_pkg_id)

    monkeypatch.setattr(MeoClient, "package", package_read)
    await start_all(ops)
    try:
        await federate(one, two)
        at_one, at_two = _count_operation_writes(one), _count_operation_writes(two)
        result = await onboard_at(one, two, package(tmp_path), "cross-network")
        assert result.ok, result.to_dict()
        assert result.remote and result.remote[0]["remoteState"] == "ONBOARDED"
        for operator in ops:  # the flow is over at both OPs
            assert [o["state"] for o in await operations(http, operator)] == ["ONBOARDED"]
    finally:
        await stop_all(ops)
    # origin: step 3 (with the partner found), the partner's reply, its ONBOARDED event
    assert at_one == Counter({"INSERT": 1, "UPDATE": 2})
    # partner: step 4, the MEO's reply (steps 5-6), the MEO's ONBOARDED event
    assert at_two == Counter({"INSERT": 1, "UPDATE": 2})
    assert one.meo_api not in asked
