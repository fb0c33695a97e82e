"""``mec-mocks oss flows``: the OSS of a federation lab, from running servers to onboarded packages.

It waits until every OP is ready, federates every pair of OPs through their admin API, then, as
the first operator's OSS, onboards a sample package traditionally at its MEO and across networks
to each other operator (one package per flow; the k-th partner gets the version with its minor
number raised by k). Each flow's nine steps are printed from the OSS's own observations and the
hops the OPs recorded, then every MEO the flow should reach is asked for the package: the run
succeeds only when each holds exactly one copy, ONBOARDED.

Exit codes: 0 every flow reached ONBOARDED at every MEO; 1 a flow failed; 2 the federation did
not come up (an OP not ready in time).
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import ssl
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from mec_mocks.meo.records import now_iso
from mec_mocks.oss.onboard import OnboardEvent, OnboardResult, OssError, onboard
from mec_mocks.oss.operators import LabError, Operator, Say, federate, wait_ready
from mec_mocks.oss.package import MadePackage, make_package_async
from mec_mocks.oss.steps import Step, operation_steps, oss_step, print_steps
from perimeter.tls import client_context

FLOWS = ("traditional", "cross-network")
EXIT_OK, EXIT_FLOW_FAILED, EXIT_NOT_READY = 0, 1, 2


@dataclass
class Lab:
    """What every flow needs: the operators taking part and how to reach and serve them."""

    http: httpx.AsyncClient
    operators: list[Operator]
    admin_token: str | None
    workdir: Path
    advertise_host: str
    serve_host: str
    timeout: float
    say: Say

    @property
    def admin_headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.admin_token}"} if self.admin_token else {}


@dataclass
class Outcome:
    app_type: str
    origin: Operator
    target: Operator
    package: MadePackage
    ok: bool = False
    reason: str | None = None
    meo_states: dict[str, list[str]] = field(default_factory=dict)
    operations: list[tuple[str, str]] = field(default_factory=list)  # (operator, operation id)


def own_address() -> str:
    """The address other containers reach this one at (its host name's address)."""
    try:
        return socket.gethostbyname(socket.gethostname())
    except OSError:
        return "127.0.0.1"


def flow_version(base: str, k: int) -> str:
    """``base`` with its minor number raised by ``k`` (1.0.0, k=2 -> 1.2.0)."""
    parts = base.split(".")
    if k == 0:
        return base
    if len(parts) >= 2 and parts[1].isdigit():
        parts[1] = str(int(parts[1]) + k)
        return ".".join(parts)
    return f"{base}.{k}"


async def _operations(lab: Lab, checksum: str) -> list[tuple[str, dict[str, Any]]]:
    """Every OP's operations for the package with this checksum."""
    found = []
    for op in lab.operators:
        try:
            response = await lab.http.get(
                op.op_url + "/admin/operations", params={"limit": 1000}, headers=lab.admin_headers
            )
        except httpx.HTTPError as exc:
            lab.say(f"  ({op.id}: operations not readable: {type(exc).__name__})")
            continue
        if response.status_code != 200:
            lab.say(f"  ({op.id}: operations not readable: HTTP {response.status_code})")
            continue
        for operation in response.json():
            if operation.get("package", {}).get("checksum") == checksum:
                found.append((op.id, operation))
    return found


async def _await_local_record(lab: Lab, origin: Operator, checksum: str) -> None:
    """Traditional step 3: wait (briefly) until the OP learnt the package from its MEO."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if any(op_id == origin.id for op_id, _ in await _operations(lab, checksum)):
            return
        await asyncio.sleep(0.2)


async def package_states(http: httpx.AsyncClient, meo: Operator, app_d_id: str) -> list[str]:
    """The onboarding state of every package with this AppD id at the operator's MEO."""
    response = await http.get(meo.meo_url + "/app_pkgm/v1/app_packages")
    response.raise_for_status()
    return [p["onboardingState"] for p in response.json() if p.get("appDId") == app_d_id]


async def run_flow(
    lab: Lab, app_type: str, origin: Operator, target: Operator, name: str, version: str
) -> Outcome:
    slug = "".join(c if c.isalnum() else "-" for c in name.lower())
    made = await make_package_async(
        lab.workdir / f"{slug}-{version}.zip", name=name, version=version
    )
    outcome = Outcome(app_type, origin, target, made)
    lab.say("")
    lab.say(
        f"{app_type} onboarding of {name} {version} (SHA-256 {made.checksum[:12]}...): "
        f"OSS at {origin.id} -> target network {target.network_id} ({target.id})"
    )
    steps: list[Step] = []

    def observe(event: OnboardEvent) -> None:
        step = oss_step(event, origin.meo_name, origin.id)
        if step is not None:
            steps.append(step)

    started = now_iso()
    try:
        result = await onboard(
            meo_url=origin.meo_url,
            target_network=target.network_id,
            app_type=app_type,
            package=made.path,
            wait=True,
            wait_remote=app_type == "cross-network",
            wait_timeout=lab.timeout,
            serve_host=lab.serve_host,
            advertise_host=lab.advertise_host,
            poll_interval=0.2,
            http=lab.http,
            on_event=observe,
        )
    except OssError as exc:
        outcome.reason = str(exc)
        lab.say(f"  the OSS could not onboard: {exc}")
        return outcome
    if app_type == "traditional" and result.ok:
        await _await_local_record(lab, origin, made.checksum)
    for op_id, operation in await _operations(lab, made.checksum):
        steps.extend(operation_steps(op_id, operation))
        outcome.operations.append((op_id, operation["operationId"]))
    for line in print_steps(steps, started):
        lab.say(line)
    await _judge(lab, outcome, result)
    return outcome


def _failure_detail(result: OnboardResult) -> str | None:
    """Why the OSS saw the flow fail: the local failure, else the first failed remote leg."""
    if result.failure:
        return str(result.failure.get("detail") or result.failure.get("title") or "")
    for remote in result.remote:
        if remote.get("remoteState") == "FAILED":
            return str(
                remote.get("detail") or f"remote state FAILED at {remote.get('targetNetworkId')}"
            )
    return None


async def _judge(lab: Lab, outcome: Outcome, result: OnboardResult) -> None:
    meos = {op.id: op for op in (outcome.origin, outcome.target)}.values()
    app_d_id = str(outcome.package.appd["appDId"])
    for meo in meos:
        try:
            outcome.meo_states[meo.meo_name] = await package_states(lab.http, meo, app_d_id)
        except httpx.HTTPError as exc:
            outcome.meo_states[meo.meo_name] = [f"unreadable ({type(exc).__name__})"]
    wrong = [name for name, states in outcome.meo_states.items() if states != ["ONBOARDED"]]
    if not result.ok:
        detail = _failure_detail(result)
        outcome.reason = f"the OSS saw the flow fail{': ' + detail if detail else ''}"
    elif wrong:
        outcome.reason = f"not exactly one ONBOARDED package at {', '.join(wrong)}"
    outcome.ok = outcome.reason is None
    states = ", ".join(f"{meo}: {'/'.join(s) or 'none'}" for meo, s in outcome.meo_states.items())
    lab.say(f"  => {'ONBOARDED' if outcome.ok else 'FAILED'} ({states})")
    if outcome.reason:
        lab.say(f"     {outcome.reason}")


def _summary(lab: Lab, outcomes: list[Outcome]) -> None:
    lab.say("")
    lab.say("Summary:")
    for o in outcomes:
        lab.say(
            f"  {o.app_type:13} {o.origin.id} -> {o.target.id:6} "
            f"{'ONBOARDED' if o.ok else 'FAILED':9}  "
            + ", ".join(f"{meo}: {'/'.join(s) or 'none'}" for meo, s in o.meo_states.items())
        )
    origins = [op for o in outcomes for op in o.operations if o.app_type == "cross-network"]
    if origins:
        urls = " ".join(f"--url {op.op_url}" for op in lab.operators)
        lab.say(f"Trace a flow: op-platform trace {origins[0][1]} {urls} --admin-token ADMIN_TOKEN")


def _verify(ca_file: str | Path | None) -> ssl.SSLContext:
    try:
        return client_context(ca_file if ca_file is not None else True)
    except (OSError, ssl.SSLError) as exc:
        raise LabError(f"CA file {ca_file}: {exc}") from None


async def run_flows(
    operators: Sequence[Operator],
    *,
    admin_token: str | None = None,
    flows: Sequence[str] = FLOWS,
    app_name: str = "Demo App",
    app_version: str = "1.0.0",
    advertise_host: str | None = None,
    serve_host: str = "0.0.0.0",
    ready_timeout: float = 180.0,
    flow_timeout: float = 180.0,
    workdir: Path | None = None,
    http: httpx.AsyncClient | None = None,
    ca_file: str | Path | None = None,
    say: Say = print,
) -> int:
    """Federate the operators and run the flows; returns the exit code (see the module doc).
    ``ca_file``: the CA bundle https OPs and MEOs are verified with (default: the public CAs)."""
    unknown = [f for f in flows if f not in FLOWS]
    if unknown or not operators:
        raise LabError(f"unknown flows {unknown}" if unknown else "no operators given")
    async with contextlib.AsyncExitStack() as stack:
        client = http
        if client is None:
            verify = _verify(ca_file)
            client = await stack.enter_async_context(httpx.AsyncClient(timeout=30.0, verify=verify))
        folder = workdir or Path(stack.enter_context(tempfile.TemporaryDirectory()))
        try:
            present = await wait_ready(client, list(operators), ready_timeout, say)
        except LabError as exc:
            say(f"federation not ready: {exc}")
            return EXIT_NOT_READY
        lab = Lab(
            client,
            present,
            admin_token,
            folder,
            advertise_host or own_address(),
            serve_host,
            flow_timeout,
            say,
        )
        say("")
        say("Federating (EWBI CreateFederation through each OP's admin API):")
        await federate(client, present, admin_token, say)
        origin, outcomes = present[0], []
        if "traditional" in flows:
            outcomes.append(
                await run_flow(lab, "traditional", origin, origin, app_name, app_version)
            )
        if "cross-network" in flows:
            for k, target in enumerate(present[1:], start=1):
                version = flow_version(app_version, k)
                outcomes.append(
                    await run_flow(lab, "cross-network", origin, target, app_name, version)
                )
        _summary(lab, outcomes)
    ok = bool(outcomes) and all(o.ok for o in outcomes)
    say("flows succeeded" if ok else "flows FAILED")
    return EXIT_OK if ok else EXIT_FLOW_FAILED
