"""Replicas started together on one empty database: migrations run one at a time (a PostgreSQL
advisory lock), so every replica comes up, and the schema is made once."""

from __future__ import annotations

import asyncio
import os
import subprocess

import httpx
import pytest

from op_platform.demo.processes import BIN, settings_env, wait_up
from tests.helpers.databases import postgres_url
from tests.helpers.servers import free_port, op_settings

REPLICAS = 3


@pytest.mark.skipif(postgres_url() is None, reason="concurrent migrations: a PostgreSQL matter")
async def test_three_replicas_on_an_empty_database_all_come_up(
    database_url: str, http: httpx.AsyncClient
) -> None:
    started: list[asyncio.subprocess.Process] = []
    urls = []
    try:
        for _ in range(REPLICAS):  # all started before any is awaited
            port = free_port()
            env = settings_env(op_settings(database_url, port, "op-replicated"))
            started.append(
                await asyncio.create_subprocess_exec(
                    str(BIN / "op-platform"),
                    "serve",
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
            urls.append(f"http://127.0.0.1:{port}")
        await asyncio.gather(
            *(wait_up(http, url + "/readyz", p) for url, p in zip(urls, started, strict=True))
        )
        for url in urls:
            assert (await http.get(url + "/readyz")).status_code == 200
    finally:
        for process in started:
            if process.returncode is None:
                process.terminate()
        for process in started:
            await asyncio.wait_for(process.wait(), 30)


async def test_concurrent_upgrades_of_one_database_all_succeed(database_url: str) -> None:
    """The command form: three ``db upgrade`` at once, each exits 0."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("OP_")}
    env.update(OP_DATABASE_URL=database_url, OP_OPERATOR_ID="op-x", OP_COUNTRY_CODE="ES")
    processes = [
        await asyncio.create_subprocess_exec(
            str(BIN / "op-platform"),
            "db",
            "upgrade",
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        for _ in range(REPLICAS)
    ]
    outputs = await asyncio.gather(*(p.communicate() for p in processes))
    for process, (out, _) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, out.decode()[-2000:]
