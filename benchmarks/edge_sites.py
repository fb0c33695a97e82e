"""One OP watching many edge sites (see README.md): event-to-callback latency with events on and
with polling only, the OP's CPU and RSS, and how often each site was polled.

Three processes: the edge sites (all in one, ``--serve-sites``), the OP (``op-platform serve``)
and this driver, which is the partner OP receiving the callbacks. Half the sites push events,
the other half are only polled. Figures are printed, nothing is asserted.

    .venv/bin/python benchmarks/edge_sites.py --sites 20 --nodes 100 --poll 30 --failures 20
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from aiohttp import web

from mec_mocks.common.serving import bind_socket, start_server
from mec_mocks.common.tls import self_signed, server_context
from mec_mocks.edge_site import EdgeSiteConfig, create_app
from op_platform.ports import free_port

CLIENT, SECRET = "bench-partner", "bench-partner-secret"
TICKS = os.sysconf("SC_CLK_TCK")
STATUS_PATH = "/onPartnerStatusEvent"


# -- the sites' process ----------------------------------------------------------------------
POLLS_PATH = "/bench/polls"


def poll_recorder() -> tuple[Any, Any]:
    """A middleware noting when the OP reads the site's ``Systems`` collection (each poll does,
    first), and a handler answering those moments (``time.monotonic()``, the same clock in
    every process of the machine)."""
    moments: list[float] = []

    @web.middleware
    async def record(request: web.Request, handler: Any) -> web.StreamResponse:
        if request.method == "GET" and request.path.rstrip("/") == "/redfish/v1/Systems":
            moments.append(time.monotonic())
        response: web.StreamResponse = await handler(request)
        return response

    async def answer(request: web.Request) -> web.Response:
        return web.json_response(moments)

    return record, answer


async def serve_sites(ports: list[int], nodes: int, cert: str, key: str) -> None:
    context = server_context(cert, key)
    for n, port in enumerate(ports):
        config = EdgeSiteConfig(site_id=f"site-{n}", nodes=nodes, port=port, seed=n)
        app = create_app(config)
        record, answer = poll_recorder()
        app.middlewares.insert(0, record)
        app.router.add_get(POLLS_PATH, answer)
        await start_server(app, bind_socket("127.0.0.1", port), ssl_context=context)
    print("sites ready", flush=True)
    await asyncio.Event().wait()


# -- the OP's process ------------------------------------------------------------------------
def op_config(folder: Path, port: int, ports: list[int], cafile: str, poll: float) -> Path:
    zones = []
    for n, site_port in enumerate(ports):
        zones.append(
            f"""
[[zones]]
zone_id = "zone-{n}"
geography_details = "Site {n}"
latitude = 40.0
longitude = -3.0
[zones.edge_site]
url = "https://127.0.0.1:{site_port}"
password = "admin"
ca_file = "{cafile}"
events = {"true" if n % 2 == 0 else "false"}
poll_interval = {poll}
"""
        )
    path = folder / "op.toml"
    path.write_text(
        f"""operator_id = "op-bench"
country_code = "ES"
database_url = "sqlite+aiosqlite:///{folder / "op.db"}"
public_base_url = "http://127.0.0.1:{port}"
log_level = "WARNING"
[listen]
host = "127.0.0.1"
port = {port}
[outbound]
schemes = ["http", "https"]
allowed_networks = ["127.0.0.0/8"]
[outbox]
poll_interval = 0.2
[[clients]]
client_id = "{CLIENT}"
client_secret = "{SECRET}"
scopes = ["fed-mgmt"]
"""
        + "".join(zones)
    )
    return path


def usage(pid: int) -> tuple[float, int]:
    """(CPU seconds so far, RSS bytes) of process ``pid``."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    cpu = (int(fields[11]) + int(fields[12])) / TICKS
    rss = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    return cpu, rss


def reads(metrics: str) -> dict[tuple[str, str], float]:
    found = {}
    pattern = r'op_edge_site_reads_total\{kind="(\w+)",zone="([\w-]+)"\} ([\d.e+]+)'
    for kind, zone, value in re.findall(pattern, metrics):
        found[(zone, kind)] = float(value)
    return found


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


# -- the driver ------------------------------------------------------------------------------
class Partner:
    """The partner OP's callback receiver: when each zone's status event arrived."""

    def __init__(self) -> None:
        self.arrivals: list[tuple[float, str]] = []

    async def handle(self, request: web.Request) -> web.Response:
        body = await request.json()
        for zone in body.get("zoneStatus") or []:
            self.arrivals.append((time.monotonic(), str(zone.get("zoneId"))))
        return web.Response(status=204)

    async def next_for(self, zone: str, since: float, limit: float) -> float | None:
        for _ in range(int(limit / 0.01)):
            for moment, zone_id in self.arrivals:
                if zone_id == zone and moment >= since:
                    return moment - since
            await asyncio.sleep(0.01)
        return None


def spawn(
    args: argparse.Namespace, folder: Path, cert: Path, key: Path, ports: list[int], op_port: int
) -> tuple[subprocess.Popen[str], subprocess.Popen[str]]:
    """The sites' process (once it serves) and the OP's process."""
    sites = subprocess.Popen(
        [
            *(sys.executable, __file__, "--serve-sites", json.dumps(ports)),
            *("--nodes", str(args.nodes), "--cert", str(cert), "--key", str(key)),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert sites.stdout is not None
    sites.stdout.readline()
    config = op_config(folder, op_port, ports, str(cert), args.poll)
    command = [str(Path(sys.executable).parent / "op-platform"), "serve", "--config", str(config)]
    return sites, subprocess.Popen(command, stderr=subprocess.DEVNULL, text=True)


async def drive(args: argparse.Namespace, folder: Path) -> None:
    made = self_signed(folder / "tls", "127.0.0.1")
    ports = [free_port() for _ in range(args.sites)]
    op_port = free_port()
    started = time.monotonic()
    sites, op = spawn(args, folder, made.cert, made.key, ports, op_port)
    partner = Partner()
    app = web.Application()
    app.router.add_post("/{tail:.*}", partner.handle)
    receiver = await start_server(app, bind_socket("127.0.0.1", 0))
    base = f"http://127.0.0.1:{op_port}"
    try:
        async with httpx.AsyncClient(timeout=60) as http:
            await setup_partner(http, base, receiver.url)
            await wait_all_read(http, base, args.sites)
            print(
                f"OP start and first read of {args.sites} sites x {args.nodes} nodes: "
                f"{time.monotonic() - started:.1f} s"
            )
            cpu0, _ = usage(op.pid)
            wall0, before = time.monotonic(), reads((await http.get(base + "/metrics")).text)
            await asyncio.sleep(args.window)
            cpu1, rss = usage(op.pid)
            wall1, after = time.monotonic(), reads((await http.get(base + "/metrics")).text)
            span = wall1 - wall0
            print(
                f"OP idle over {span:.0f} s: CPU {100 * (cpu1 - cpu0) / span:.1f} %, "
                f"RSS {rss / 2**20:.0f} MiB"
            )
            polls = [
                after.get((z, "poll"), 0) - before.get((z, "poll"), 0)
                for z in {z for z, _ in after}
            ]
            print(
                f"polls per site over {span:.0f} s: max {max(polls):.0f}, "
                f"configured at most {span / args.poll + 1:.0f} (every {args.poll:g} s)"
            )
            await measure(http, args, ports, made.cert, partner, op.pid)
    finally:
        await receiver.runner.cleanup()
        for process in (op, sites):
            process.terminate()
            process.wait(timeout=30)


async def setup_partner(http: httpx.AsyncClient, base: str, receiver: str) -> None:
    for _ in range(600):
        try:
            token = await http.post(
                base + "/oauth2/token",
                data={"grant_type": "client_credentials", "scope": "fed-mgmt"},
                auth=(CLIENT, SECRET),
            )
            if token.status_code == 200:
                break
        except httpx.HTTPError:
            pass
        await asyncio.sleep(0.1)
    headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
    root = base + "/operatorplatform/federation/v1"
    body = {
        "origOPFederationId": "op-partner",
        "origOPCountryCode": "FR",
        "origOPMobileNetworkCodes": {"mcc": "208", "mncs": ["01"]},
        "initialDate": "2026-01-01T00:00:00Z",
        "federationNotificationDest": receiver + STATUS_PATH,
    }
    answer = await http.post(root + "/partner", json=body, headers=headers)
    answer.raise_for_status()


async def wait_all_read(http: httpx.AsyncClient, base: str, count: int) -> None:
    for _ in range(36000):
        found = reads((await http.get(base + "/metrics")).text)
        if sum(1 for (_, kind), v in found.items() if kind == "poll" and v >= 1) >= count:
            return
        await asyncio.sleep(0.1)


async def measure(
    http: httpx.AsyncClient,
    args: argparse.Namespace,
    ports: list[int],
    cafile: Path,
    partner: Partner,
    op_pid: int,
) -> None:
    """Power a node off (and on again), wait for the partner's status event, per failure.

    On a polled site a change waits first a random part of the interval (seeded), so that
    changes fall anywhere between two polls, as real failures do; the worst case (a change just
    after the node was read) waits about one interval."""
    latencies: dict[bool, list[float]] = {True: [], False: []}
    after_poll: list[float] = []
    """Polled sites: from the start of the poll that could see the change to the callback."""
    missed = 0
    phase = random.Random(7)
    cpu0, wall0 = usage(op_pid)[0], time.monotonic()
    async with httpx.AsyncClient(timeout=30, auth=("admin", "admin"), verify=str(cafile)) as gw:
        for n in range(args.failures):
            site = n % len(ports)
            url = f"https://127.0.0.1:{ports[site]}/admin/nodes/node{n // len(ports) + 1}/power"
            for state in ("off", "on"):
                if site % 2:
                    await asyncio.sleep(phase.uniform(0, args.poll))
                since = time.monotonic()
                (await gw.post(url, json={"state": state})).raise_for_status()
                took = await partner.next_for(f"zone-{site}", since, args.poll * 2 + 5)
                if took is None:
                    missed += 1
                    continue
                latencies[site % 2 == 0].append(took)
                if site % 2:
                    base = f"https://127.0.0.1:{ports[site]}"
                    polls = (await gw.get(base + POLLS_PATH)).json()
                    start = min((p for p in polls if p >= since), default=None)
                    if start is not None:
                        after_poll.append(since + took - start)
    span = time.monotonic() - wall0
    print(
        f"OP during failures over {span:.0f} s: CPU "
        f"{100 * (usage(op_pid)[0] - cpu0) / span:.1f} %, RSS {usage(op_pid)[1] / 2**20:.0f} MiB"
    )
    for events, values in latencies.items():
        if values:
            print(
                f"node change -> partner callback, {'events' if events else 'polling only'}: "
                f"n={len(values)} p50 {statistics.median(values) * 1000:.0f} ms, "
                f"p99 {percentile(values, 0.99) * 1000:.0f} ms, max {max(values) * 1000:.0f} ms"
            )
    if after_poll:
        print(
            "polling only, from the start of the poll that saw the change to the callback: "
            f"p50 {statistics.median(after_poll) * 1000:.0f} ms, "
            f"p99 {percentile(after_poll, 0.99) * 1000:.0f} ms"
        )
    # A change just after a poll can be seen only at the next one: polling alone waits up to
    # one interval, then the poll's first request and the callback follow (the 1 s events get).
    target = [
        (True, 1.0, "1 s"),
        (False, args.poll, f"the {args.poll:g} s poll interval"),
        (False, args.poll + 1.0, f"the {args.poll:g} s poll interval + 1 s"),
    ]
    for events, bound, what in target:
        if values := latencies[events]:
            worst = percentile(values, 0.99)
            print(f"  p99 within {what}: {'holds' if worst <= bound else 'FAILS'}")
    if missed:
        print(f"{missed} changes reached no callback within twice the poll interval")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=20)
    parser.add_argument("--nodes", type=int, default=100)
    parser.add_argument("--poll", type=float, default=30.0, help="poll interval, seconds")
    parser.add_argument("--window", type=float, default=60.0, help="idle measurement, seconds")
    parser.add_argument("--failures", type=int, default=20, help="node failures to time")
    parser.add_argument("--serve-sites", help=argparse.SUPPRESS)
    parser.add_argument("--cert", help=argparse.SUPPRESS)
    parser.add_argument("--key", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_sites:
        asyncio.run(serve_sites(json.loads(args.serve_sites), args.nodes, args.cert, args.key))
        return
    with tempfile.TemporaryDirectory(prefix="op-edge-bench-") as folder:
        asyncio.run(drive(args, Path(folder)))


if __name__ == "__main__":
    main()
