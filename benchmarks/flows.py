"""The cross-network onboarding (OSS post to MEO1, remote ONBOARDED seen at MEO1) with every
server in its own process: one flow at a time against four chained bare aiohttp servers (p50 at
most 10x), then many at once (at least 100 flows/s, each counted once at both MEOs and in both
OPs' operation records), and the OPs' memory after it (at most 150 MB RSS each)."""

from __future__ import annotations

import asyncio
import os
import statistics
import time
from dataclasses import dataclass
from typing import Any

import httpx

from benchmarks.bench import Bench
from benchmarks.floors import file_server, sequential_times
from benchmarks.procs import rss_mb
from benchmarks.table import Result, ms
from benchmarks.topology import Topology
from mec_mocks.oss.package import make_package_async
from op_platform.roots import ADMIN

CHAIN_TIMES = 10.0
FLOWS_PER_S = 100.0
RSS_MB = 150.0
FINAL = "ONBOARDED"


@dataclass
class Flows:
    """Posting cross-network onboardings to MEO1 of a running topology."""

    topology: Topology
    http: httpx.AsyncClient
    files: str  # the URL the packages are served under

    @property
    def url(self) -> str:
        one, two = self.topology.ops
        return (
            f"{one.meo_api}/op_target_systems/{two.network_id}/apptype/cross-network/app_packages"
        )

    async def body(self, name: str) -> dict[str, Any]:
        path = self.topology.folder / f"{name}.zip"
        made = await make_package_async(path, name=name, version="1.0.0")
        return {
            "appPkgName": name,
            "appPkgVersion": "1.0.0",
            "appProvider": "ACME",
            "appPkgPath": f"{self.files}/{path.name}",
            "checksum": {"algorithm": "SHA-256", "hash": made.checksum},
        }

    async def post(self, body: dict[str, Any]) -> str:
        answer = await self.http.post(self.url, json=body)
        if answer.status_code >= 300:
            raise RuntimeError(f"onboarding post: {answer.status_code} {answer.text}")
        package_id: str = answer.json()["id"]
        return package_id

    async def one(self, body: dict[str, Any], poll_s: float = 0.005) -> float:
        """Seconds from the post to the remote ONBOARDED seen at MEO1."""
        started = time.monotonic()
        package = await self.post(body)
        url = f"{self.topology.ops[0].meo_api}/app_packages/{package}"
        while time.monotonic() - started < 120:
            state = _remote_state(await self.http.get(url))
            if state == FINAL:
                return time.monotonic() - started
            if state == "FAILED":
                raise RuntimeError(f"flow {package} FAILED: {(await self.http.get(url)).text}")
            await asyncio.sleep(poll_s)
        raise RuntimeError(f"flow {package} not ONBOARDED within 120 s")


def _remote_state(answer: httpx.Response) -> str | None:
    return _remote_state_of(answer.json())


async def run_single(bench: Bench) -> list[Result]:
    count = 3 if bench.quick else 15
    chain = await bench.chain({"ok": True}) + "/hop"
    results = []
    for database in bench.databases:
        async with (
            Topology(bench.folder, database, name=f"flow-{database}") as topology,
            httpx.AsyncClient(timeout=60) as http,
        ):
            await topology.federate(http)
            files = await file_server(topology.processes, topology.folder)
            flows = Flows(topology, http, files)
            bodies = [await flows.body(f"Single {n}") for n in range(count + 1)]
            await flows.one(bodies[0])  # warm-up: tokens, connections, first imports
            await sequential_times(http, chain, 5)
            latencies, hops = [], []
            for body in bodies[1:]:  # in turns with the chain, so that both see the same load
                latencies.append(await flows.one(body))
                hops += await sequential_times(http, chain, 20)
        p50 = statistics.median(latencies)
        floor = statistics.median(hops)
        times = p50 / floor
        results.append(
            Result(
                f"one cross-network flow [{database}] p50 <= {CHAIN_TIMES:.0f}x 4-hop chain",
                f"p50 {ms(p50)}",
                f"p50 {ms(floor)} chain",
                f"{times:.0f}x",
                times <= CHAIN_TIMES,
                f"{count} flows one after the other; max {ms(max(latencies))}",
            )
        )
    return results


async def run_many(bench: Bench) -> list[Result]:
    count = 10 if bench.quick else 100
    results = []
    for database in bench.databases:
        async with (
            Topology(bench.folder, database, name=f"flows-{database}") as topology,
            httpx.AsyncClient(timeout=120, limits=httpx.Limits(max_connections=200)) as http,
        ):
            await topology.federate(http)
            files = await file_server(topology.processes, topology.folder)
            flows = Flows(topology, http, files)
            bodies = [await flows.body(f"Many {n}") for n in range(count)]
            cpu_before = topology.processes.cpu()
            started = time.monotonic()
            posted = await asyncio.gather(*(flows.post(body) for body in bodies))
            done = await _wait_all(flows, set(posted), started)
            total = time.monotonic() - started
            cpu = _cpu_per_flow(cpu_before, topology.processes.cpu(), len(done))
            counts = await _counts(topology, http, count)
            memory = [rss_mb(child.pid) for child in topology.op_children]
        rate = len(done) / total
        results.append(
            Result(
                f"{count} concurrent flows [{database}] >= {FLOWS_PER_S:.0f} flows/s",
                f"{rate:.1f} flows/s",
                "",
                f"{rate / FLOWS_PER_S:.2f}x target",
                rate >= FLOWS_PER_S and len(done) == count,
                f"{len(done)}/{count} in {total:.1f} s; p50 {_p50(done, started)}; {cpu}",
            )
        )
        results.append(
            Result(
                f"{count} flows [{database}] counted once at both MEOs and both OPs",
                counts.measured,
                "",
                "",
                counts.ok,
                counts.note,
            )
        )
        peak = max(memory)
        results.append(
            Result(
                f"RSS per OP after {count} flows [{database}] <= {RSS_MB:.0f} MB",
                " / ".join(f"{value:.0f} MB" for value in memory),
                "",
                f"{peak / RSS_MB:.2f}x limit",
                peak <= RSS_MB,
                "op-1 / op-2",
            )
        )
    return results


async def _wait_all(flows: Flows, packages: set[str], started: float) -> dict[str, float]:
    """When each package was seen remotely ONBOARDED at MEO1 (until every one is final)."""
    done: dict[str, float] = {}
    failed: set[str] = set()
    meo = flows.topology.ops[0].meo_api
    while len(done) + len(failed) < len(packages) and time.monotonic() - started < 600:
        for package in (await flows.http.get(meo + "/app_packages")).json():
            state = _remote_state_of(package)
            if package["id"] in packages and state == FINAL:
                done.setdefault(package["id"], time.monotonic())
            elif package["id"] in packages and state == "FAILED":
                failed.add(package["id"])
        await asyncio.sleep(0.1)
    return done


def _cpu_per_flow(before: dict[str, float], after: dict[str, float], flows: int) -> str:
    """CPU time per flow of each server, and the rate the machine's cores would bound the
    federation to if the servers did nothing else."""
    if not flows:
        return "CPU per flow unknown"
    used = {name: after[name] - before[name] for name in after if name in before}
    used = {name: seconds for name, seconds in used.items() if seconds > 0}
    total = sum(used.values()) / flows
    top = sorted(used.items(), key=lambda item: -item[1])[:4]
    parts = ", ".join(f"{name} {ms(seconds / flows)}" for name, seconds in top)
    cores = os.cpu_count() or 1
    bound = cores / total if total else float("inf")
    return f"CPU per flow {ms(total)} ({parts}); {cores} cores bound it to {bound:.0f} flows/s"


def _p50(done: dict[str, float], started: float) -> str:
    return ms(statistics.median(t - started for t in done.values())) if done else "-"


@dataclass
class Counts:
    measured: str
    ok: bool
    note: str


async def _counts(topology: Topology, http: httpx.AsyncClient, count: int) -> Counts:
    """Each flow once at MEO1 (remote ONBOARDED), at MEO2 (ONBOARDED) and in each OP's
    operation records (final state, one record per correlator)."""
    one, two = topology.ops
    at_one = (await http.get(one.meo_api + "/app_packages")).json()
    at_two = (await http.get(two.meo_api + "/app_packages")).json()
    meo1 = sum(_remote_state_of(p) == FINAL for p in at_one)
    meo2 = sum(p.get("onboardingState") == FINAL for p in at_two)
    names2 = [p.get("appDId") for p in at_two]
    problems = []
    if len(at_two) != len(set(names2)):
        problems.append(f"MEO2 has {len(at_two) - len(set(names2))} duplicate packages")
    ops = []
    for op in (one, two):
        records = (await http.get(f"{op.op.url}{ADMIN}/operations?limit=1000")).json()
        final = [r for r in records if r.get("state") == FINAL]
        correlators = {r.get("correlator") for r in records}
        ops.append(len(final))
        if len(records) != count or len(correlators) != len(records):
            problems.append(
                f"{op.operator_id}: {len(records)} records, {len(correlators)} correlators"
            )
    values = [meo1, meo2, *ops]
    measured = f"MEO1 {meo1}, MEO2 {meo2}, op-1 {ops[0]}, op-2 {ops[1]}"
    ok = all(v == count for v in values) and len(at_two) == count and not problems
    return Counts(measured, ok, "; ".join(problems) or f"expected {count} each, no duplicate")


def _remote_state_of(package: dict[str, Any]) -> str | None:
    remote = package.get("x-remoteOnboarding") or []
    state: str | None = remote[0].get("remoteState") if remote else None
    return state
