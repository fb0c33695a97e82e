"""The outbox draining a backlog to one partner: at least 1,000 messages/s, each message once and
in order per resource (its ordering key), the keys in parallel up to ``concurrency``. Driven
through the outbox's public API only (``enqueue`` in a transaction, ``OutboxWorker`` started and
stopped); the partner is a bare aiohttp server recording what it gets. The floor: the same
messages posted by a bare aiohttp client with the same concurrency, to the same kind of server.
The outbox sends with the OP's own client (``perimeter.make_client``: httpx's API, each of these
posts sent by ``PinnedClient.fetch`` over the pinned aiohttp connections); the note adds httpx on
its own connection pool, for comparison."""

from __future__ import annotations

import asyncio
import time
from collections import defaultdict
from typing import Any

import aiohttp
import httpx

from benchmarks.bench import Bench
from benchmarks.floors import recorder
from benchmarks.table import Result, rate
from benchmarks.topology import create_postgres, drop_postgres
from op_platform.db.engine import Database
from op_platform.metrics import Metrics
from op_platform.outbox import OutboxHandlers, enqueue
from op_platform.outbox.worker import OutboxWorker
from op_platform.settings import OutboxSettings
from perimeter import Policy, make_client

MESSAGES_PER_S = 1000.0
KEYS = 50
CONCURRENCY = 32
BATCH = 500


async def run(bench: Bench) -> list[Result]:
    count = 300 if bench.quick else 5000
    results = []
    floor = await _floor(bench, count)
    for database in bench.databases:
        url = (
            await create_postgres()
            if database == "postgresql"
            else f"sqlite+aiosqlite:///{bench.folder / 'outbox.db'}"
        )
        try:
            results.append(await _measure(bench, url, database, count, floor))
        finally:
            if database == "postgresql":
                await drop_postgres(url)
    return results


async def _floor(bench: Bench, count: int) -> tuple[float, float]:
    """msgs/s of the same posts by a bare aiohttp client and by httpx on its own pool."""
    partner = await recorder(bench.floors)
    bodies = [{"key": n % KEYS, "seq": n} for n in range(count)]
    gate = asyncio.Semaphore(CONCURRENCY)
    async with aiohttp.ClientSession() as session:

        async def bare(body: dict[str, int]) -> None:
            async with gate, session.post(partner + "/cb", json=body) as answer:
                answer.raise_for_status()

        started = time.monotonic()
        await asyncio.gather(*(bare(body) for body in bodies))
        plain = count / (time.monotonic() - started)
    async with httpx.AsyncClient(timeout=30) as http:

        async def post(body: dict[str, int]) -> None:
            async with gate:
                (await http.post(partner + "/cb", json=body)).raise_for_status()

        started = time.monotonic()
        await asyncio.gather(*(post(body) for body in bodies))
        return plain, count / (time.monotonic() - started)


async def _measure(
    bench: Bench, url: str, database: str, count: int, floor: tuple[float, float]
) -> Result:
    partner = await recorder(bench.floors)
    store = Database(url)
    try:
        await store.upgrade()
        for first in range(0, count, BATCH):
            async with store.transaction() as session:
                for n in range(first, min(first + BATCH, count)):
                    key = n % KEYS
                    await enqueue(
                        session,
                        kind="bench",
                        method="POST",
                        url=f"{partner}/cb",
                        body={"key": key, "seq": n},
                        ordering_key=f"app:{key}",
                    )
        settings = OutboxSettings(concurrency=CONCURRENCY, poll_interval=0.05, base_delay=0.1)
        async with make_client(Policy.loopback(), timeout=30) as http:
            worker = OutboxWorker(store, http, settings, Metrics(), OutboxHandlers())
            started = time.monotonic()
            await worker.start()
            try:
                got = await _wait_count(http, partner, count, started)
                seconds = time.monotonic() - started
            finally:
                await worker.stop()
            received = (await http.get(partner + "/received")).json()
    finally:
        await store.close()
    speed = got / seconds
    problems = _order_problems(received, count)
    plain, with_httpx = floor
    return Result(
        f"outbox to one partner [{database}] >= {MESSAGES_PER_S:,.0f} msgs/s, order per key",
        rate(speed, "msgs/s"),
        rate(plain, "msgs/s") + " aiohttp",
        f"{speed / MESSAGES_PER_S:.2f}x target",
        speed >= MESSAGES_PER_S and not problems,
        "".join(f"{problem}; " for problem in problems)
        + f"{count} messages, {KEYS} keys, concurrency {CONCURRENCY}; "
        f"{speed / plain:.2f}x floor; httpx on its own pool {with_httpx:,.0f} msgs/s",
    )


async def _wait_count(http: httpx.AsyncClient, partner: str, count: int, started: float) -> int:
    got = 0
    while time.monotonic() - started < 600:
        got = int((await http.get(partner + "/count")).json())
        if got >= count:
            break
        await asyncio.sleep(0.02)
    return got


def _order_problems(received: list[dict[str, Any]], count: int) -> list[str]:
    problems = []
    seen = {(m["key"], m["seq"]) for m in received}
    if len(seen) != count:
        problems.append(f"{count - len(seen)} lost")
    if len(received) != len(seen):
        problems.append(f"{len(received) - len(seen)} duplicated")
    last: dict[int, int] = defaultdict(lambda: -1)
    disorder = 0
    for message in received:
        if message["seq"] < last[message["key"]]:
            disorder += 1
        last[message["key"]] = max(last[message["key"]], message["seq"])
    if disorder:
        problems.append(f"{disorder} out of order within their key")
    return problems
