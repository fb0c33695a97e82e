"""Servers as child processes: started by their own command, waited for until they answer,
stopped (SIGTERM, then SIGKILL) when the benchmark ends. Output goes to a log file each."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
from pathlib import Path

import httpx

from op_platform.ports import free_port

BIN = Path(sys.executable).parent
PYTHON = sys.executable

__all__ = ["BIN", "PYTHON", "Child", "Processes", "cpu_seconds", "free_port", "rss_mb"]


class Child:
    def __init__(self, name: str, process: asyncio.subprocess.Process, log: Path) -> None:
        self.name = name
        self.process = process
        self.log = log

    @property
    def pid(self) -> int:
        return self.process.pid


class Processes:
    """Every child started in one benchmark; ``stop`` ends them all, newest first."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.children: list[Child] = []

    async def start(
        self,
        name: str,
        argv: list[str],
        ready_url: str | None,
        *,
        env: dict[str, str] | None = None,
        wait_s: float = 60.0,
    ) -> Child:
        log = self.folder / f"{name}.log"
        with log.open("wb") as out:
            process = await asyncio.create_subprocess_exec(
                *argv, env=env or dict(os.environ), stdout=out, stderr=out
            )
        child = Child(name, process, log)
        self.children.append(child)
        if ready_url is not None:
            await wait_up(child, ready_url, wait_s)
        return child

    def cpu(self) -> dict[str, float]:
        """CPU seconds used so far by each child still running, by name."""
        used = {child.name: cpu_seconds(child.pid) for child in self.children}
        return {name: seconds for name, seconds in used.items() if seconds is not None}

    def pid(self, name: str) -> int | None:
        """The process of the child started as ``name``, if any."""
        return next((child.pid for child in self.children if child.name == name), None)

    async def stop(self) -> None:
        for child in reversed(self.children):
            if child.process.returncode is None:
                child.process.terminate()
        for child in reversed(self.children):
            try:
                await asyncio.wait_for(child.process.wait(), 15)
            except TimeoutError:
                child.process.kill()
                await child.process.wait()
        self.children.clear()


async def wait_up(child: Child, url: str, wait_s: float) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + wait_s
    async with httpx.AsyncClient(timeout=2) as http:
        while loop.time() < deadline:
            if child.process.returncode is not None:
                tail = child.log.read_text(errors="replace")[-2000:]
                raise RuntimeError(f"{child.name} exited with {child.process.returncode}:\n{tail}")
            with contextlib.suppress(httpx.HTTPError):
                if (await http.get(url)).status_code < 500:
                    return
            await asyncio.sleep(0.1)
    raise RuntimeError(f"{child.name} did not answer at {url} within {wait_s:.0f} s")


def rss_mb(pid: int) -> float:
    """Resident set size of a process, in MB (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


def cpu_seconds(pid: int) -> float | None:
    """CPU time a process has used so far (user + system, all its threads), or None where
    ``/proc`` does not tell (not Linux, or the process is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
