"""Flat with size: the p50 of GetZoneData and of one cross-network onboarding with 1,000
federations and 100,000 apps in each OP's database, within 1.5x of the same with 10 and 100.
The rows are seeded in bulk (SQL inserts of many rows at once) before the OPs start: partners'
federations with their zone subscriptions, apps onboarded by them, and finished operations."""

from __future__ import annotations

import statistics
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import httpx
from sqlalchemy import Table
from sqlalchemy.ext.asyncio import create_async_engine

from benchmarks.bench import Bench
from benchmarks.floors import file_server
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


async def _p50s(bench: Bench, database: str, seed: Seed) -> tuple[float, float, float]:
    """(p50 GetZoneData, p50 onboarding, seconds the seeding took) at one size."""
    reads, flows = (30, 2) if bench.quick else (300, 7)
    name = f"size-{database}-{seed.federations}"
    started = time.monotonic()
    async with (
        Topology(bench.folder, database, seed=seed, name=name) as topology,
        httpx.AsyncClient(timeout=60) as http,
    ):
        seeded = time.monotonic() - started
        federation = await topology.federate(http)
        headers = {"Authorization": f"Bearer {await topology.partner_token(http)}"}
        url = topology.zone_url(federation)
        times = []
        for _ in range(reads + 5):
            began = time.monotonic()
            (await http.get(url, headers=headers)).raise_for_status()
            times.append(time.monotonic() - began)
        files = await file_server(topology.processes, topology.folder)
        onboard = Flows(topology, http, files)
        bodies = [await onboard.body(f"Size {n}") for n in range(flows + 1)]
        await onboard.one(bodies[0])
        latencies = [await onboard.one(body) for body in bodies[1:]]
    return statistics.median(times[5:]), statistics.median(latencies), seeded


async def run(bench: Bench) -> list[Result]:
    small = Seed(10, 100)
    large = Seed(100, 2000) if bench.quick else Seed(1000, 100_000)
    sizes = f"{large.federations:,} fed / {large.apps:,} apps vs {small.federations} / {small.apps}"
    results = []
    for database in bench.databases:
        read_s, flow_s, _ = await _p50s(bench, database, small)
        read_l, flow_l, seeded = await _p50s(bench, database, large)
        for what, one, other in (("GetZoneData", read_s, read_l), ("onboarding", flow_s, flow_l)):
            times = other / one
            results.append(
                Result(
                    f"{what} p50 flat with size [{database}] <= {FLAT}x",
                    f"p50 {ms(other)}",
                    f"p50 {ms(one)} small",
                    f"{times:.2f}x",
                    times <= FLAT,
                    f"{sizes}; seeded and started in {seeded:.0f} s",
                )
            )
    return results
