"""A closed-loop HTTP load generator: ``connections`` keep-alive connections, each sending the
next GET as soon as the previous answer is read, for ``seconds``. Plain asyncio streams, so that
the generator costs little next to the servers it measures; every server, floors included, is
measured with the same one."""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from benchmarks.procs import cpu_seconds


@dataclass
class Load:
    requests: int = 0
    errors: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    cpu: float | None = None  # seconds of the server process's CPU time while it was measured

    @property
    def cpu_per_request(self) -> float | None:
        """The server's CPU seconds per answer: unlike the rate, not bounded by the generator
        sharing the machine."""
        return self.cpu / self.requests if self.cpu is not None and self.requests else None

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies) if self.latencies else float("nan")


async def _read_answer(reader: asyncio.StreamReader) -> int:
    """Read one HTTP/1.1 answer; returns its status code."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    if "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding", "").lower() == "chunked":
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    return status


async def run_load(
    url: str, headers: dict[str, str], *, connections: int = 32, seconds: float = 3.0
) -> Load:
    """GET ``url`` as fast as the server answers; answers other than 200 count as errors."""
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    lines = [f"GET {path} HTTP/1.1", f"Host: {host}:{port}"]
    lines += [f"{k}: {v}" for k, v in headers.items()]
    request = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
    load = Load()
    deadline = 0.0

    async def one() -> None:
        reader, writer = await asyncio.open_connection(host, port)
        try:
            while time.monotonic() < deadline:
                sent = time.monotonic()
                writer.write(request)
                status = await _read_answer(reader)
                load.latencies.append(time.monotonic() - sent)
                load.requests += 1
                if status != 200:
                    load.errors += 1
        finally:
            writer.close()

    started = time.monotonic()
    deadline = started + seconds
    await asyncio.gather(*(one() for _ in range(connections)))
    load.seconds = time.monotonic() - started
    return load


async def interleaved(
    urls: list[str],
    headers: dict[str, str],
    *,
    connections: int,
    seconds: float,
    rounds: int,
    pids: Sequence[int | None] = (),
) -> list[Load]:
    """Each URL loaded ``seconds`` in all, in ``rounds`` turns taken one after the other (after a
    short warm-up each), so that whatever else the machine does weighs on all of them alike.
    ``pids``: the process serving each URL (None: unknown), whose CPU time each turn adds up."""
    for url in urls:
        await run_load(url, headers, connections=connections, seconds=min(0.5, seconds / 3))
    servers = list(pids) + [None] * (len(urls) - len(pids))
    totals = [Load(cpu=0.0 if pid is not None else None) for pid in servers]
    for _ in range(rounds):
        for url, total, pid in zip(urls, totals, servers, strict=True):
            before = cpu_seconds(pid) if pid is not None else None
            part = await run_load(url, headers, connections=connections, seconds=seconds / rounds)
            after = cpu_seconds(pid) if pid is not None else None
            if total.cpu is not None:
                total.cpu = None if before is None or after is None else total.cpu + after - before
            total.requests += part.requests
            total.errors += part.errors
            total.seconds += part.seconds
            total.latencies += part.latencies
    return totals
