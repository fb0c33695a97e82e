"""Exactly-once under crashes: N cross-network onboardings across separate processes, each OP
killed with SIGKILL once while they run (see README.md).

    .venv/bin/python benchmarks/flow_crash.py [N] [--no-kill] [--postgres URL]

With ``--postgres`` (``postgresql+asyncpg://user@host:port/db``) each OP gets a fresh database
of its own on that server (dropped at the end); otherwise SQLite files. Exit status 0 when
every flow operation at both OPs is ONBOARDED (none PENDING), each package is at MEO2 exactly
once and MEO1 has every remote outcome.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
import uuid
from pathlib import Path

import asyncpg  # type: ignore[import-untyped]
import httpx

from op_platform.demo import flow_load
from op_platform.demo.processes import Lab
from op_platform.demo.topology import build


async def _databases(base: str | None) -> list[str] | None:
    if base is None:
        return None
    made = []
    connection = await asyncpg.connect(base.replace("+asyncpg", "", 1))
    try:
        for _ in range(2):
            name = f"op_crash_{uuid.uuid4().hex[:12]}"
            await connection.execute(f'CREATE DATABASE "{name}"')
            made.append(base.rsplit("/", 1)[0] + "/" + name)
    finally:
        await connection.close()
    return made


async def _drop(base: str | None, urls: list[str] | None) -> None:
    if base is None or not urls:
        return
    connection = await asyncpg.connect(base.replace("+asyncpg", "", 1))
    try:
        for url in urls:
            await connection.execute(
                f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)'
            )
    finally:
        await connection.close()


async def main(count: int, kill: bool, postgres: str | None) -> bool:
    folder = Path(tempfile.mkdtemp(prefix="op-crash-"))
    databases = await _databases(postgres)
    ops = build(2, folder, databases=databases)
    started = time.monotonic()
    try:
        async with httpx.AsyncClient(timeout=30.0) as http:
            lab = Lab(ops, folder, http)
            try:
                await lab.start()
                outcome = await flow_load.run(lab, folder, count, kill=kill)
            finally:
                await lab.close()
    finally:
        await _drop(postgres, databases)
    for line in outcome.lines():
        print(line)
    print(f"total: {time.monotonic() - started:.1f} s (folder {folder})")
    return outcome.holds


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", nargs="?", type=int, default=200)
    parser.add_argument("--no-kill", action="store_true", help="no SIGKILL: only the load")
    parser.add_argument("--postgres", help="a PostgreSQL server URL for the OPs' databases")
    args = parser.parse_args()
    sys.exit(0 if asyncio.run(main(args.count, not args.no_kill, args.postgres)) else 1)
