"""EWBI GetZoneData and NBI ``GET /edge-cloud-zones`` with real tokens and the database, against
a bare aiohttp server answering the same JSON (>= 0.5x) and Prism mocking the interface's
OpenAPI file (>= 10x): 32 keep-alive connections, the same duration for each, in turns."""

from __future__ import annotations

from urllib.parse import urlsplit

import httpx

from benchmarks.bench import Bench
from benchmarks.load import Load, interleaved
from benchmarks.table import Result, rate, skipped
from benchmarks.topology import NBI_CLIENT, NBI_SCOPE, NBI_SECRET, Topology, token
from op_platform.roots import EWBI, NBI

FLOOR_SHARE = 0.5
PRISM_TIMES = 10.0


async def run(bench: Bench) -> list[Result]:
    results = []
    for database in bench.databases:
        async with (
            Topology(bench.folder, database, name=f"reads-{database}") as topology,
            httpx.AsyncClient(timeout=30) as http,
        ):
            federation = await topology.federate(http)
            partner = {"Authorization": f"Bearer {await topology.partner_token(http)}"}
            two = topology.ops[1].op.url
            app = await token(http, two, NBI_CLIENT, NBI_SECRET, NBI_SCOPE)
            nbi = {"Authorization": f"Bearer {app}"}
            cases = [
                ("EWBI GetZoneData", topology.zone_url(federation), partner, "ewbi.yaml"),
                ("NBI GET /edge-cloud-zones", topology.nbi_zones_url(), nbi, "nbi.yaml"),
            ]
            server = topology.op_children[1].pid
            for label, url, headers, spec in cases:
                results += await _case(
                    bench, f"{label} [{database}]", (url, server), headers, spec, http
                )
    return results


async def _case(
    bench: Bench,
    label: str,
    served: tuple[str, int],
    headers: dict[str, str],
    spec: str,
    http: httpx.AsyncClient,
) -> list[Result]:
    """``served``: the URL read and the OP process answering it."""
    url, server = served
    answer = await http.get(url, headers=headers)
    if answer.status_code != 200:
        raise RuntimeError(f"{label}: {answer.status_code} {answer.text}")
    path = urlsplit(url).path
    bare = await bench.bare(spec.removesuffix(".yaml"), answer.json())
    prism, why = await bench.prism(spec)
    urls = [url, bare + path]
    if prism is not None:  # Prism serves the paths of the file as they are, without the root
        urls.append(prism + path.removeprefix(EWBI if spec == "ewbi.yaml" else NBI))
    pids = [server, bench.floors.pid(spec.removesuffix(".yaml"))]
    op, floor, *mocked = await interleaved(
        urls,
        headers,
        connections=bench.connections,
        seconds=bench.seconds,
        rounds=bench.rounds,
        pids=pids,
    )
    share = op.rate / floor.rate if floor.rate else 0.0
    out = [
        Result(
            f"{label} >= {FLOOR_SHARE}x bare aiohttp",
            rate(op.rate) + _errors(op),
            rate(floor.rate) + " bare",
            f"{share:.2f}x",
            share >= FLOOR_SHARE and op.errors == 0,
            f"p50 {op.p50 * 1000:.1f} ms vs {floor.p50 * 1000:.1f} ms" + _cpu(op, floor),
        )
    ]
    target = f"{label} >= {PRISM_TIMES:.0f}x Prism"
    if not mocked:
        return [*out, skipped(target, why)]
    times = op.rate / mocked[0].rate if mocked[0].rate else 0.0
    note = f"Prism {mocked[0].errors} non-200" if mocked[0].errors else ""
    out.append(
        Result(
            target,
            rate(op.rate),
            rate(mocked[0].rate) + " Prism",
            f"{times:.1f}x",
            times >= PRISM_TIMES,
            note,
        )
    )
    return out


def _cpu(op: Load, floor: Load) -> str:
    """Each server's CPU time per answer and their ratio (floor / OP): what the rate ratio would
    be if the load generator did not share the machine with the server."""
    mine, bare = op.cpu_per_request, floor.cpu_per_request
    if mine is None or bare is None or not mine:
        return ""
    return f"; CPU {mine * 1e6:.0f} us vs {bare * 1e6:.0f} us per answer ({bare / mine:.2f}x)"


def _errors(load: Load) -> str:
    return f" ({load.errors} non-200)" if load.errors else ""
