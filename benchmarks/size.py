"""Flat with size: the p50 of GetZoneData and of one cross-network onboarding with 1,000
federations and 100,000 apps in each OP's database, within 1.5x of the same with 10 and 100.
Both sizes run at once and are measured in turns. The rows are seeded in bulk (SQL inserts of
many rows at once) before the OPs start: partners' federations with their zone subscriptions,
apps onboarded by them, and finished operations."""

from __future__ import annotations

import contextlib
import statistics
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httpx
from sqlalchemy import Table
from sqlalchemy.ext.asyncio import create_async_engine

from benchmarks.bench import Bench
from benchmarks.floors import file_server, sequential_times
from benchmarks.flows import Flows
from benchmarks.table import Result, ms
from benchmarks.topology import Topology
from op_platform.db.tables.application_rows import AppRow, AppZoneRow
from op_platform.db.tables.federation_rows import FederationRow, ZoneSubscriptionRow
from op_platform.db.tables.flow_rows import FlowOperationRow

FLAT = 1.5
CHUNK = 5000


def _table(model: Any) -> Table:
    table: Table = model.__table__
    return table


class Seed:
    """``federations`` partners' federations and ``apps`` apps (with a finished operation each)
    in every OP's database."""

    def __init__(self, federations: int, apps: int) -> None:
        self.federations = federations
        self.apps = apps

    async def __call__(self, topology: Topology) -> None:
        for index, op in enumerate(topology.ops):
            engine = create_async_engine(op.settings.database_url)
            zones = [zone.zone_id for zone in op.settings.zones]
            role = "origin" if index == 0 else "partner"
            try:
                async with engine.begin() as connection:
                    for table, rows in self._rows(zones, role, op.country):
                        for chunk in _chunks(rows):
                            await connection.execute(table.insert(), chunk)
            finally:
                await engine.dispose()

    def _rows(
        self, zones: list[str], role: str, country: str
    ) -> Iterator[tuple[Table, Iterator[dict[str, Any]]]]:
        now = datetime.now(UTC)
        contexts = [f"seed-{n:05d}-{uuid.uuid4().hex[:8]}" for n in range(self.federations)]
        yield (
            _table(FederationRow),
            (
                {
                    "federation_context_id": context,
                    "client_id": f"seed-client-{n}",
                    "orig_op_federation_id": f"seed-{n}",
                    "orig_op_country_code": "FR",
                    "initial_date": now,
                    "notification_link": "http://127.0.0.1:9/seed",
                    "status": "AVAILABLE",
                    "created_at": now,
                    "updated_at": now,
                }
                for n, context in enumerate(contexts)
            ),
        )
        yield (
            _table(ZoneSubscriptionRow),
            (
                {
                    "federation_context_id": c,
                    "zone_id": z,
                    "notif_link": "http://127.0.0.1:9/z",
                    "created_at": now,
                }
                for c in contexts
                for z in zones
            ),
        )
        yield (
            _table(AppRow),
            (
                {
                    "federation_context_id": contexts[n % len(contexts)],
                    "app_id": f"seed-app-{n}",
                    "app_provider_id": "seed",
                    "meta_data": {"appName": f"seed-{n}"},
                    "qos_profile": {},
                    "component_specs": [],
                    "status_callback_link": "http://127.0.0.1:9/app",
                    "deleting": False,
                    "created_at": now,
                    "updated_at": now,
                }
                for n in range(self.apps)
            ),
        )
        yield (
            _table(AppZoneRow),
            (
                {
                    "federation_context_id": contexts[n % len(contexts)],
                    "app_id": f"seed-app-{n}",
                    "zone_id": zones[n % len(zones)],
                    "country_code": country,
                    "status": "ONBOARDED",
                    "forbidden": False,
                    "revision": 1,
                    "updated_at": now,
                }
                for n in range(self.apps)
            ),
        )
        yield (
            _table(FlowOperationRow),
            (
                {
                    "id": str(uuid.uuid4()),
                    "role": role,
                    "app_type": "cross-network",
                    "target_network_id": "seed",
                    "package_key": f"seed-{n}",
                    "app_pkg_name": f"seed-{n}",
                    "app_pkg_version": "1.0.0",
                    "app_provider": "seed",
                    "checksum_hash": "0" * 64,
                    "request_body": {},
                    "state": "ONBOARDED",
                    "result": {},
                    "created_at": now,
                    "updated_at": now,
                }
                for n in range(self.apps)
            ),
        )


def _chunks(rows: Iterator[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    chunk: list[dict[str, Any]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


@dataclass
class Sized:
    """One running topology of a given size, ready to read a zone and to onboard."""

    topology: Topology
    url: str
    headers: dict[str, str]
    flows: Flows
    reads: list[float] = field(default_factory=list)
    onboardings: list[float] = field(default_factory=list)


async def _ready(topology: Topology, http: httpx.AsyncClient) -> Sized:
    federation = await topology.federate(http)
    headers = {"Authorization": f"Bearer {await topology.partner_token(http)}"}
    files = await file_server(topology.processes, topology.folder)
    sized = Sized(topology, topology.zone_url(federation), headers, Flows(topology, http, files))
    await sequential_times(http, sized.url, 5, sized.headers)  # warm-up
    await sized.flows.one(await sized.flows.body("Size warm-up"))
    return sized


async def _measure(bench: Bench, database: str, seeds: list[Seed]) -> tuple[list[Sized], float]:
    """Both sizes running at once, measured in turns (a read or an onboarding at one size,
    then the same at the other), so that the machine's other work weighs on both alike."""
    reads, flows = (30, 2) if bench.quick else (300, 7)
    started = time.monotonic()
    async with contextlib.AsyncExitStack() as stack:
        http = await stack.enter_async_context(httpx.AsyncClient(timeout=60))
        topologies = [
            await stack.enter_async_context(
                Topology(bench.folder, database, seed=seed, name=f"size-{database}-{n}")
            )
            for n, seed in enumerate(seeds)
        ]
        seeded = time.monotonic() - started
        sized = [await _ready(topology, http) for topology in topologies]
        for _ in range(reads):
            for one in sized:
                one.reads += await sequential_times(http, one.url, 1, one.headers)
        for n in range(flows):
            for one in sized:
                one.onboardings.append(await one.flows.one(await one.flows.body(f"Size {n}")))
    return sized, seeded


async def run(bench: Bench) -> list[Result]:
    small = Seed(10, 100)
    large = Seed(100, 2000) if bench.quick else Seed(1000, 100_000)
    sizes = f"{large.federations:,} fed / {large.apps:,} apps vs {small.federations} / {small.apps}"
    results = []
    for database in bench.databases:
        (little, big), seeded = await _measure(bench, database, [small, large])
        for what, one, other in (
            ("GetZoneData", statistics.median(little.reads), statistics.median(big.reads)),
            (
                "onboarding",
                statistics.median(little.onboardings),
                statistics.median(big.onboardings),
            ),
        ):
            times = other / one
            results.append(
                Result(
                    f"{what} p50 flat with size [{database}] <= {FLAT}x",
                    f"p50 {ms(other)}",
                    f"p50 {ms(one)} small",
                    f"{times:.2f}x",
                    times <= FLAT,
                    f"{sizes}; both sizes seeded and started in {seeded:.0f} s",
                )
            )
    return results
