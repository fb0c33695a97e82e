"""The cross-network flow across separate processes: two OPs, two MEOs and a MEPM, each started
by its own command, the federation made with the CLI and the OSS run as a command."""

from __future__ import annotations

import asyncio
import json
import subprocess
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from op_platform.demo.processes import BIN, Lab, settings_env
from op_platform.demo.topology import Operator, build


@pytest.fixture
async def processes(tmp_path: Path, http: httpx.AsyncClient) -> AsyncIterator[list[Operator]]:
    ops = build(2, tmp_path)
    lab = Lab(ops, tmp_path, http)
    try:
        await lab.start()
        yield ops
    finally:
        await lab.close()


async def run(*argv: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    """Exit code and standard output (standard error goes with it when the command fails)."""
    process = await asyncio.create_subprocess_exec(
        *argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    out, err = await asyncio.wait_for(process.communicate(), 120)
    assert process.returncode is not None
    if process.returncode != 0:
        return process.returncode, out.decode() + err.decode()
    return process.returncode, out.decode()


async def test_cross_network_flow_across_processes(
    processes: list[Operator], tmp_path: Path, http: httpx.AsyncClient
) -> None:
    one, two = processes
    code, out = await run(
        str(BIN / "op-platform"),
        "federation",
        "create",
        "--partner",
        "op-2",
        env=settings_env(one.settings),
    )
    assert code == 0, out
    package = tmp_path / "app.zip"
    code, out = await run(str(BIN / "mec-mocks"), "oss", "make-package", str(package))
    assert code == 0, out
    code, out = await run(
        str(BIN / "mec-mocks"),
        "oss",
        "onboard",
        "--meo",
        one.meo_api,
        "--target-network",
        two.network_id,
        "--app-type",
        "cross-network",
        "--package",
        str(package),
        "--wait-remote",
        "--timeout",
        "90",
        "--json",
    )
    assert code == 0, out
    result = json.loads(out)
    assert result["remote"][0]["remoteState"] == "ONBOARDED"
    at_two = (await http.get(two.meo_api + "/app_packages")).json()
    assert [p["onboardingState"] for p in at_two] == ["ONBOARDED"]
    origin = (await http.get(one.op.url + "/admin/operations")).json()
    partner = (await http.get(two.op.url + "/admin/operations")).json()
    assert origin[0]["state"] == "ONBOARDED" and partner[0]["state"] == "ONBOARDED"
    assert origin[0]["correlator"] == partner[0]["correlator"]
    code, out = await run(
        str(BIN / "op-platform"),
        "trace",
        origin[0]["operationId"],
        "--url",
        one.op.url,
        "--url",
        two.op.url,
        "--mermaid",
        str(tmp_path / "flow.mmd"),
    )
    assert code == 0, out
    assert "sequenceDiagram" in (tmp_path / "flow.mmd").read_text()
    steps = [int(line.split()[0]) for line in out.splitlines() if line[:1].isdigit()]
    assert {3, 4, 5, 6, 7, 8} <= set(steps)
