"""The cross-network flow across separate processes: two OPs, two MEOs and a MEPM, each started
by its own command, the federation made with the CLI and the OSS run as a command."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import SecretStr

from op_platform.demo.topology import Operator, build, meo_client
from op_platform.settings import Settings

BIN = Path(sys.executable).parent


def _plain(value: Any) -> Any:
    if isinstance(value, SecretStr):
        return value.get_secret_value()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (set, frozenset)):
        return sorted(_plain(v) for v in value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def meo_secret(op: Operator) -> str:
    """The MEO's client secret at its OP, as the topology configured it."""
    client = next(c for c in op.settings.clients if c.client_id == meo_client(op.operator_id))
    return client.client_secret.get_secret_value()


def settings_env(settings: Settings) -> dict[str, str]:
    """The settings as OP_* environment variables (the way a container would get them)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("OP_")}
    for key, value in _plain(settings.model_dump()).items():
        if value is not None:
            env[f"OP_{key.upper()}"] = json.dumps(value) if not isinstance(value, str) else value
    return env


async def wait_up(http: httpx.AsyncClient, url: str, process: asyncio.subprocess.Process) -> None:
    for _ in range(300):
        if process.returncode is not None:
            raise AssertionError(f"{url} exited with {process.returncode}")
        try:
            if (await http.get(url)).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        await asyncio.sleep(0.1)
    raise AssertionError(f"{url} did not come up")


@pytest.fixture
async def processes(tmp_path: Path, http: httpx.AsyncClient) -> AsyncIterator[list[Operator]]:
    ops = build(2, tmp_path)
    started: list[asyncio.subprocess.Process] = []

    async def spawn(url: str, *argv: str, env: dict[str, str] | None = None) -> None:
        process = await asyncio.create_subprocess_exec(
            *argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        started.append(process)
        await wait_up(http, url, process)

    try:
        for op in ops:
            meo = ["--network-id", op.network_id, "--port", str(op.meo.port)]
            meo += ["--op-url", f"{op.op.url}/sbi-cr/v1", "--mepm-url", op.mepm.url]
            meo += ["--database", str(tmp_path / f"{op.operator_id}-meo.db")]
            meo += ["--retry-base-delay", "0.2", "--retry-max-delay", "2"]
            meo += ["--allow-http", "--allow-network", "127.0.0.0/8"]  # all on this machine
            meo += ["--op-token-url", f"{op.op.url}/oauth2/token"]
            meo += ["--op-client-id", meo_client(op.operator_id)]
            meo_env = {**os.environ, "MEO_OP_CLIENT_SECRET": meo_secret(op)}
            mepm = [
                "--port",
                str(op.mepm.port),
                "--database",
                str(tmp_path / f"{op.operator_id}-mepm.db"),
            ]
            await spawn(f"{op.mepm.url}/healthz", str(BIN / "mec-mocks"), "mepm", *mepm)
            await spawn(
                f"{op.meo_api}/app_packages", str(BIN / "mec-mocks"), "meo", *meo, env=meo_env
            )
            await spawn(
                f"{op.op.url}/readyz",
                str(BIN / "op-platform"),
                "serve",
                env=settings_env(op.settings),
            )
        yield ops
    finally:
        for process in started:
            if process.returncode is None:
                process.terminate()
        for process in started:
            await asyncio.wait_for(process.wait(), 30)


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
