"""The operators of :mod:`op_platform.demo.topology`, each server a process of its own.

Every OP, MEO and MEPM runs as its own command (``op-platform serve`` with its settings as
``OP_*`` environment variables, ``mec-mocks meo`` / ``mec-mocks mepm``), as a container would
run them. An OP can be killed with SIGKILL at any moment and started again on the same port and
database: what the crash tests and ``benchmarks/flow_crash.py`` do.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from pydantic import SecretStr

from op_platform.demo.topology import Operator, meo_client
from op_platform.settings import Settings

BIN = Path(sys.executable).parent
START_ATTEMPTS = 600  # polls of 0.1 s while a process comes up


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


def settings_env(settings: Settings) -> dict[str, str]:
    """The settings as OP_* environment variables (the way a container would get them)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("OP_")}
    for key, value in _plain(settings.model_dump()).items():
        if value is not None:
            env[f"OP_{key.upper()}"] = json.dumps(value) if not isinstance(value, str) else value
    return env


def meo_secret(op: Operator) -> str:
    """The MEO's client secret at its OP, as the topology configured it."""
    client = next(c for c in op.settings.clients if c.client_id == meo_client(op.operator_id))
    return client.client_secret.get_secret_value()


async def wait_up(http: httpx.AsyncClient, url: str, process: asyncio.subprocess.Process) -> None:
    for _ in range(START_ATTEMPTS):
        if process.returncode is not None:
            raise RuntimeError(f"{url} exited with {process.returncode}")
        try:
            if (await http.get(url)).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        await asyncio.sleep(0.1)
    raise RuntimeError(f"{url} did not come up")


@dataclass
class Lab:
    """The processes of ``operators``; ``folder`` holds the mocks' databases."""

    operators: list[Operator]
    folder: Path
    http: httpx.AsyncClient
    ops: dict[str, asyncio.subprocess.Process] = field(default_factory=dict)
    others: list[asyncio.subprocess.Process] = field(default_factory=list)

    async def _spawn(
        self, url: str, *argv: str, env: dict[str, str] | None = None
    ) -> asyncio.subprocess.Process:
        process = await asyncio.create_subprocess_exec(
            *argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            await wait_up(self.http, url, process)
        except BaseException:
            if process.returncode is None:
                process.kill()
            raise
        return process

    async def start(self) -> None:
        for op in self.operators:
            name = op.operator_id
            mepm = ["--port", str(op.mepm.port), "--database", str(self.folder / f"{name}-mepm.db")]
            meo = ["--network-id", op.network_id, "--port", str(op.meo.port)]
            meo += ["--op-url", f"{op.op.url}/sbi-cr/v1", "--mepm-url", op.mepm.url]
            meo += ["--database", str(self.folder / f"{name}-meo.db")]
            meo += ["--retry-base-delay", "0.2", "--retry-max-delay", "2"]
            meo += ["--allow-http", "--allow-network", "127.0.0.0/8"]  # all on this machine
            meo += ["--op-token-url", f"{op.op.url}/oauth2/token"]
            meo += ["--op-client-id", meo_client(name)]
            meo_env = {**os.environ, "MEO_OP_CLIENT_SECRET": meo_secret(op)}
            self.others.append(
                await self._spawn(f"{op.mepm.url}/healthz", str(BIN / "mec-mocks"), "mepm", *mepm)
            )
            self.others.append(
                await self._spawn(
                    f"{op.meo_api}/app_packages", str(BIN / "mec-mocks"), "meo", *meo, env=meo_env
                )
            )
            await self.start_op(op)

    async def start_op(self, op: Operator) -> None:
        self.ops[op.operator_id] = await self._spawn(
            f"{op.op.url}/readyz",
            str(BIN / "op-platform"),
            "serve",
            env=settings_env(op.settings),
        )

    async def kill_op(self, op: Operator) -> None:
        """SIGKILL: no shutdown, no flush; whatever was in flight is cut."""
        process = self.ops.pop(op.operator_id)
        process.send_signal(signal.SIGKILL)
        await process.wait()

    async def close(self) -> None:
        running = [*self.ops.values(), *self.others]
        for process in running:
            if process.returncode is None:
                process.terminate()
        for process in running:
            try:
                await asyncio.wait_for(process.wait(), 30)
            except TimeoutError:
                process.kill()
                await process.wait()
        self.ops.clear()
        self.others.clear()
