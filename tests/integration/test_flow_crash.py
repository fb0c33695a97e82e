"""Concurrent cross-network flows across processes with each OP killed (SIGKILL) once while
they run: every operation record ends final (none PENDING), each package reaches the partner's
MEO exactly once, and the originating MEO learns every outcome. ``benchmarks/flow_crash.py``
runs the same with 200 flows."""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx

from op_platform.demo import flow_load
from op_platform.demo.processes import Lab
from op_platform.demo.topology import build

COUNT = int(os.environ.get("OP_TEST_CRASH_FLOWS", "12"))


async def test_concurrent_flows_survive_a_kill_of_each_op(
    tmp_path: Path, new_database: Callable[[str], Awaitable[str]], http: httpx.AsyncClient
) -> None:
    databases = [await new_database("op1"), await new_database("op2")]
    lab = Lab(build(2, tmp_path, databases=databases), tmp_path, http)
    try:
        await lab.start()
        outcome = await flow_load.run(lab, tmp_path, COUNT, settle_seconds=120.0)
    finally:
        await lab.close()
    assert sorted(outcome.killed) == ["op-1", "op-2"]
    assert outcome.holds, "\n".join(outcome.lines())
