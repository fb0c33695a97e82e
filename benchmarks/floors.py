"""The floors every target is measured against, started in the same run: a bare aiohttp server
answering the same JSON, four bare aiohttp servers chained, and Prism mocking one of the
project's OpenAPI files (installed with npm into a cache folder; skipped when npm is missing)."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import time
from pathlib import Path
from typing import Any

import httpx

from benchmarks.procs import PYTHON, Processes, free_port

ROOT = Path(__file__).resolve().parents[1]
CACHE = Path(os.environ.get("OP_BENCH_CACHE", Path.home() / ".cache" / "op-platform-bench"))
PRISM_PACKAGE = "@stoplight/prism-cli"


async def bare_server(processes: Processes, name: str, body: Any) -> str:
    """A bare aiohttp server answering ``body`` to every GET; its base URL."""
    path = processes.folder / f"{name}.json"
    path.write_text(json.dumps(body))
    port = free_port()
    argv = [PYTHON, "-m", "benchmarks.bare", "--port", str(port), "--body", str(path)]
    url = f"http://127.0.0.1:{port}"
    await processes.start(name, argv, url + "/", env=_env())
    return url


async def bare_chain(processes: Processes, body: Any, hops: int = 4) -> str:
    """``hops`` bare servers, each forwarding to the next, the last answering ``body``."""
    url = await bare_server(processes, f"chain-{hops}", body)
    for n in range(hops - 1, 0, -1):
        port = free_port()
        argv = [PYTHON, "-m", "benchmarks.bare", "--port", str(port), "--next", url]
        url = f"http://127.0.0.1:{port}"
        await processes.start(f"chain-{n}", argv, url + "/", env=_env())
    return url


async def recorder(processes: Processes) -> str:
    port = free_port()
    argv = [PYTHON, "-m", "benchmarks.bare", "--port", str(port), "--record"]
    url = f"http://127.0.0.1:{port}"
    await processes.start("partner-recorder", argv, url + "/count", env=_env())
    return url


async def file_server(processes: Processes, folder: Path) -> str:
    """A bare aiohttp server of the files in ``folder``; the URL the files are under."""
    port = free_port()
    argv = [PYTHON, "-m", "benchmarks.bare", "--port", str(port), "--files", str(folder)]
    url = f"http://127.0.0.1:{port}"
    await processes.start(f"files-{port}", argv, url + "/", env=_env())
    return url + "/files"


async def sequential_times(
    http: httpx.AsyncClient, url: str, count: int, headers: dict[str, str] | None = None
) -> list[float]:
    """Seconds each of ``count`` GETs took, one after the other."""
    times = []
    for _ in range(count):
        started = time.monotonic()
        answer = await http.get(url, headers=headers)
        times.append(time.monotonic() - started)
        answer.raise_for_status()
    return times


def prism_command() -> str | None:
    installed = CACHE / "prism" / "node_modules" / ".bin" / "prism"
    return str(installed) if installed.exists() else None


async def install_prism(install: bool) -> tuple[str | None, str]:
    """Prism from the cache, installed there with npm first if need be (and ``install``)."""
    found = prism_command()
    if found:
        return found, ""
    if not install:
        return None, f"Prism not installed in {CACHE} (--no-install)"
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        return None, "Prism not installed (npm/node not found)"
    prefix = CACHE / "prism"
    prefix.mkdir(parents=True, exist_ok=True)
    process = await asyncio.create_subprocess_exec(
        npm,
        "install",
        "--no-audit",
        "--no-fund",
        "--prefix",
        str(prefix),
        PRISM_PACKAGE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    try:
        out, _ = await asyncio.wait_for(process.communicate(), 600)
    except TimeoutError:
        process.kill()
        return None, "Prism not installed (npm install timed out)"
    found = prism_command()
    if found is None:
        return None, f"Prism not installed (npm: {out.decode(errors='replace')[-200:]!r})"
    return found, ""


async def prism(processes: Processes, spec: str, install: bool) -> tuple[str | None, str]:
    """Prism mocking ``openapi/<spec>``: (its base URL, "") or (None, why it is skipped)."""
    command, why = await install_prism(install)
    if command is None:
        return None, why
    port = free_port()
    argv = [command, "mock", str(ROOT / "openapi" / spec), "-h", "127.0.0.1", "-p", str(port)]
    url = f"http://127.0.0.1:{port}"
    await processes.start(f"prism-{spec}", argv, url + "/", wait_s=120)
    return url, ""


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env
