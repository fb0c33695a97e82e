"""The demo: operators up, federated, a sample package onboarded traditionally and across
networks, each step printed as it happens, then the final states. Returns the process exit code.
"""

from __future__ import annotations

import asyncio
import json
import signal
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from mec_mocks.oss.onboard import OnboardEvent, onboard
from mec_mocks.oss.package import make_package
from mec_mocks.oss.steps import oss_step
from op_platform.demo import steering
from op_platform.demo.edge import watch_partner_views
from op_platform.demo.topology import Operator, build, start_all, stop_all
from op_platform.demo.watch import HopWatcher
from op_platform.keys import PLATFORM
from op_platform.services.deps import Deps
from op_platform.services.federation import partners

FLOW_TIMEOUT = 60.0


@dataclass
class Report:
    ok: bool = True
    reason: str | None = None
    operators: list[dict[str, Any]] = field(default_factory=list)
    federations: list[dict[str, Any]] = field(default_factory=list)
    zones: list[dict[str, Any]] = field(default_factory=list)
    flows: list[dict[str, Any]] = field(default_factory=list)
    steering: dict[str, Any] | None = None


class Printer:
    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.started = time.monotonic()

    def line(self, text: str = "") -> None:
        if not self.quiet:
            print(text, flush=True)

    def step(self, hop: dict[str, Any]) -> None:
        elapsed = time.monotonic() - self.started
        status = f" [{hop['statusCode']}]" if hop.get("statusCode") else ""
        detail = f"  ({hop['detail']})" if hop.get("detail") else ""
        self.line(
            f"  +{elapsed:6.3f}s  step {hop['step']}  {hop['from']:>10} -> {hop['to']:<10} "
            f"{hop['action']}{status}{detail}"
        )


def _deps(operator: Operator) -> Deps:
    app = operator.op.app
    assert app is not None
    return app[PLATFORM].deps


async def _federate(ops: list[Operator], out: Printer, report: Report) -> None:
    out.line("Federating (EWBI CreateFederation, both directions):")
    for origin in ops:
        for partner in ops:
            if partner is origin:
                continue
            started = time.monotonic()
            row = await partners.create_federation(_deps(origin), partner.operator_id)
            ms = (time.monotonic() - started) * 1000
            out.line(
                f"  {origin.operator_id} -> {partner.operator_id}: context "
                f"{row.federation_context_id}, {len(row.offered_zones)} zones offered, "
                f"variant {'yes' if row.supports_variant else 'no'} ({ms:.0f} ms)"
            )
            report.federations.append(
                {
                    "origin": origin.operator_id,
                    "partner": partner.operator_id,
                    "federationContextId": row.federation_context_id,
                    "variant": row.supports_variant,
                    "zones": [z.get("zoneId") for z in row.offered_zones],
                }
            )


async def _flow(
    http: httpx.AsyncClient,
    ops: list[Operator],
    origin: Operator,
    target: Operator,
    app_type: str,
    package: Path,
    out: Printer,
) -> dict[str, Any]:
    steps: list[dict[str, Any]] = []
    meo = f"meo-{origin.operator_id}"

    def emit(hop: dict[str, Any]) -> None:
        steps.append(hop)
        out.step(hop)

    def on_event(event: OnboardEvent) -> None:
        hop = oss_step(event, meo, origin.operator_id)
        if hop is not None:
            emit(hop)

    watcher = HopWatcher(http, [op.op.url for op in ops], emit)
    await watcher.prime()
    watcher.start()
    started = time.monotonic()
    try:
        result = await onboard(
            meo_url=origin.meo_api,
            target_network=target.network_id,
            app_type=app_type,
            package=package,
            wait=True,
            wait_remote=app_type == "cross-network",
            wait_timeout=FLOW_TIMEOUT,
            poll_interval=0.05,
            http=http,
            on_event=on_event,
        )
        if app_type == "traditional":
            await _await_local_record(http, origin)
    finally:
        await watcher.stop()
    meo_states: dict[str, list[str]] = {}
    for operator in {origin.operator_id: origin, target.operator_id: target}.values():
        response = await http.get(operator.meo_api + "/app_packages")
        meo_states[f"meo-{operator.operator_id}"] = [p["onboardingState"] for p in response.json()]
    return {
        "name": app_type,
        "origin": origin.operator_id,
        "target": target.operator_id,
        "targetNetworkId": target.network_id,
        "ok": result.ok,
        "seconds": round(time.monotonic() - started, 3),
        "oss": result.to_dict(),
        "steps": sorted(steps, key=lambda h: (h["step"], h.get("startedAt") or "")),
        "operations": await _operations(http, ops),
        "meo": meo_states,
    }


async def _await_local_record(http: httpx.AsyncClient, origin: Operator) -> None:
    """Traditional step 3: wait until the OP learnt the package from its MEO."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        response = await http.get(origin.op.url + "/admin/operations")
        if any(op["role"] == "local" for op in response.json()):
            return
        await asyncio.sleep(0.05)


async def _operations(http: httpx.AsyncClient, ops: list[Operator]) -> list[dict[str, Any]]:
    found = []
    for operator in ops:
        response = await http.get(operator.op.url + "/admin/operations")
        for view in response.json():
            found.append({"operator": operator.operator_id, **view})
    return found


async def _mepm_count(http: httpx.AsyncClient, operator: Operator, app_pkg_id: str) -> int:
    response = await http.get(
        operator.mepm.url + "/notifications",
        params={"notificationType": "AppPackageOnBoarded", "appPkgId": app_pkg_id},
    )
    return len(response.json().get("notifications", []))


async def run_demo(
    count: int = 2,
    *,
    as_json: bool = False,
    keep_running: bool = False,
    folder: Path | None = None,
) -> int:
    out = Printer(quiet=as_json)
    report = Report()
    workdir = folder or Path(tempfile.mkdtemp(prefix="op-demo-"))
    ops = build(count, workdir, tls=True)
    out.line(f"op-platform demo: {count} operators on loopback, data in {workdir}")
    for op in ops:
        out.line(
            f"  {op.operator_id}  {op.country}  network {op.network_id}  OP {op.op.url}  "
            f"MEO {op.meo.url}  MEPM {op.mepm.url}  NEF {op.nef.url}"
        )
        report.operators.append(
            {
                "operatorId": op.operator_id,
                "country": op.country,
                "networkId": op.network_id,
                "op": op.op.url,
                "meo": op.meo_api,
                "mepm": op.mepm.url,
                "nef": op.nef.url,
            }
        )
    await start_all(ops)
    try:
        async with httpx.AsyncClient(timeout=30.0, verify=ops[0].verify()) as http:
            await _edge_zones(ops, out, report)
            await _federate(ops, out, report)
            origin, target = ops[0], ops[1]
            for app_type, to, version in (
                ("traditional", origin, "1.0.0"),
                ("cross-network", target, "1.1.0"),
            ):
                package = workdir / f"demo-app-{version}.zip"
                made = make_package(package, name="Demo App", version=version, provider="ACME")
                out.line()
                out.line(
                    f"{app_type} onboarding of {package.name} (SHA-256 {made.checksum[:12]}...):"
                    f" OSS at {origin.operator_id} -> target network {to.network_id}"
                    f" ({to.operator_id})"
                )
                flow = await _flow(http, ops, origin, to, app_type, package, out)
                report.flows.append(flow)
                _judge(report, flow)
                app_pkg_id = flow["oss"].get("app_pkg_id")
                if app_type == "traditional" and app_pkg_id:
                    flow["mepmNotifications"] = await _mepm_count(http, origin, app_pkg_id)
                _summary(out, flow)
            if report.ok:
                out.line()
                out.line(
                    f"An instance of the cross-network app in a zone of {target.operator_id},"
                    f" steered at its NEF (SBI-NR):"
                )
                report.steering = await steering.install_and_show(
                    http, origin, target, "1.1.0", out.line
                )
            if keep_running:
                _print_urls(out, ops, report)
                _print_fault(out, ops)
                views = {op.operator_id: op.op.url for op in ops}
                watch = asyncio.create_task(watch_partner_views(http, views, out.line))
                try:
                    await _wait_for_signal()
                finally:
                    watch.cancel()
    except Exception as exc:  # the demo reports any failure as its outcome
        report.ok, report.reason = False, f"{type(exc).__name__}: {exc}"
    finally:
        await stop_all(ops)
    if as_json:
        print(json.dumps(report.__dict__, indent=2, default=str))
    else:
        out.line()
        out.line("demo succeeded" if report.ok else f"demo FAILED: {report.reason}")
    return 0 if report.ok else 1


async def _edge_zones(ops: list[Operator], out: Printer, report: Report) -> None:
    """Wait for every OP's first read of its edge sites; print what each zone offers."""
    out.line("Zones on edge sites (Redfish, outdoor servers):")
    for op in ops:
        assert op.op.app is not None
        for watcher in op.op.app[PLATFORM].edge:
            for _ in range(int(FLOW_TIMEOUT / 0.05)):
                if watcher.status.outcome is not None:
                    break
                await asyncio.sleep(0.05)
            outcome = watcher.status.outcome
            if outcome is None:
                raise RuntimeError(f"edge site of {watcher.zone_id} not read: {watcher.status}")
            nodes = len(watcher.status.nodes)
            out.line(
                f"  {watcher.zone_id}: {nodes} nodes, {outcome.cpus} cores, {outcome.status}, "
                f"health {outcome.health}, events {'on' if watcher.subscription else 'off'}"
                f"  (gateway {watcher.site.url})"
            )
            report.zones.append(
                {
                    "zoneId": watcher.zone_id,
                    "gateway": str(watcher.site.url),
                    "nodes": nodes,
                    "cpus": outcome.cpus,
                    "status": outcome.status,
                    "health": outcome.health,
                    "subscribed": watcher.subscription is not None,
                }
            )


def _print_fault(out: Printer, ops: list[Operator]) -> None:
    site = ops[0].sites[0][0]
    out.line()
    out.line(f"Make {site.zone_id} fail (58 degC outside its street cabinet; time runs fast):")
    out.line(f"  {site.fault_command()}")
    out.line("Its partners will see the zone go NOT_AVAILABLE here within a minute or so;")
    out.line(f"{site.fault_command('ambient 25')} brings the air back to normal.")


def _judge(report: Report, flow: dict[str, Any]) -> None:
    if not flow["ok"]:
        report.ok = False
        report.reason = report.reason or f"the {flow['name']} onboarding did not complete"
        return
    bad = {meo: states for meo, states in flow["meo"].items() if "ONBOARDED" not in states}
    if bad:
        report.ok = False
        report.reason = report.reason or f"package not ONBOARDED at {', '.join(bad)}"


def _summary(out: Printer, flow: dict[str, Any]) -> None:
    states = ", ".join(f"{meo}: {'/'.join(s)}" for meo, s in flow["meo"].items())
    out.line(f"  => {'ONBOARDED' if flow['ok'] else 'FAILED'} in {flow['seconds']}s ({states})")
    if "mepmNotifications" in flow:
        out.line(f"     MEPM received {flow['mepmNotifications']} AppPackageOnBoarded")


def _print_urls(out: Printer, ops: list[Operator], report: Report) -> None:
    out.line()
    out.line("The federation keeps running (Ctrl-C to stop). Explore:")
    for op in ops:
        out.line(
            f"  {op.op.url}/admin/operations   {op.op.url}/metrics   {op.meo_api}/app_packages"
        )
    out.line("Watch each OP in a browser on this machine (no admin_token: loopback needs no login;")
    out.line("with one, open the page once as .../ui/?token=<admin_token> or log in on it):")
    for op in ops:
        out.line(f"  {op.operator_id}  {op.op.url}/ui/")
    origins = [
        op["operationId"]
        for flow in report.flows
        for op in flow["operations"]
        if op["role"] == "origin"
    ]
    operation = origins[0] if origins else "OPERATION_ID"
    out.line(f"  op-platform trace {operation} {' '.join('--url ' + op.op.url for op in ops)}")


async def _wait_for_signal() -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
