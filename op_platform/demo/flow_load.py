"""Many cross-network onboardings at once across separate processes, with each OP killed
(SIGKILL) once while they run, and what every party holds once they settled.

Used by ``benchmarks/flow_crash.py`` (200 flows) and by the integration tests (a few). The
outcome holds when every flow operation at both OPs is final and ONBOARDED (none PENDING or
stuck elsewhere), each package is at the partner's MEO exactly once and ONBOARDED, and the
originating MEO has the remote ONBOARDED of each.
"""

from __future__ import annotations

import asyncio
import subprocess
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from mec_mocks.oss.package import make_package
from mec_mocks.testing import Servers
from op_platform.demo.processes import BIN, Lab, settings_env
from op_platform.demo.topology import Operator

FINAL = {"ONBOARDED", "FAILED"}
OPERATIONS_LIMIT = 1000


@dataclass
class Outcome:
    count: int
    posted: Counter[int] = field(default_factory=Counter)
    origin: Counter[str] = field(default_factory=Counter)  # operation states at OP1
    partner: Counter[str] = field(default_factory=Counter)  # operation states at OP2
    at_partner_meo: Counter[str] = field(default_factory=Counter)  # package states at MEO2
    duplicated: list[str] = field(default_factory=list)  # names at MEO2 more than once
    remote: Counter[str] = field(default_factory=Counter)  # remote states seen at MEO1
    killed: list[str] = field(default_factory=list)

    @property
    def holds(self) -> bool:
        n = self.count
        return (
            self.origin == Counter({"ONBOARDED": n})
            and self.partner == Counter({"ONBOARDED": n})
            and self.at_partner_meo == Counter({"ONBOARDED": n})
            and not self.duplicated
            and self.remote == Counter({"ONBOARDED": n})
        )

    def lines(self) -> list[str]:
        return [
            f"flows: {self.count}; posted to MEO1: {dict(self.posted)}; killed: {self.killed}",
            f"operations at OP1 (origin): {dict(self.origin)}",
            f"operations at OP2 (partner): {dict(self.partner)}",
            f"packages at MEO2: {dict(self.at_partner_meo)}; duplicated: {self.duplicated}",
            f"remote states at MEO1: {dict(self.remote)}",
            "HOLDS" if self.holds else "DOES NOT HOLD",
        ]


def package_bodies(
    folder: Path, files_url: str, count: int, name: str = "Load App"
) -> list[dict[str, Any]]:
    """``count`` packages made in ``folder`` (served at ``files_url``), as the OSS posts them."""
    bodies = []
    for n in range(count):
        path = folder / f"{name.lower().replace(' ', '-')}-{n}.zip"
        made = make_package(path, name=f"{name} {n}", version="1.0.0")
        bodies.append(
            {
                "appPkgName": f"{name} {n}",
                "appPkgVersion": "1.0.0",
                "appProvider": "ACME",
                "appPkgPath": f"{files_url}/{path.name}",
                "checksum": {"algorithm": "SHA-256", "hash": made.checksum},
            }
        )
    return bodies


async def _json(http: httpx.AsyncClient, url: str) -> list[dict[str, Any]]:
    response = await http.get(url, timeout=60.0)
    response.raise_for_status()
    body: list[dict[str, Any]] = response.json()
    return body


async def observe(http: httpx.AsyncClient, one: Operator, two: Operator, out: Outcome) -> None:
    """What each party holds now."""
    limit = f"?limit={OPERATIONS_LIMIT}"
    origin = await _json(http, one.op.url + "/admin/operations" + limit)
    partner = await _json(http, two.op.url + "/admin/operations" + limit)
    out.origin = Counter(o["state"] for o in origin if o["role"] == "origin")
    out.partner = Counter(o["state"] for o in partner if o["role"] == "partner")
    there = await _json(http, two.meo_api + "/app_packages")
    out.at_partner_meo = Counter(p["onboardingState"] for p in there)
    names = Counter(p["appName"] for p in there)
    out.duplicated = sorted(name for name, seen in names.items() if seen > 1)
    here = await _json(http, one.meo_api + "/app_packages")
    out.remote = Counter(
        str(r.get("remoteState")) for p in here for r in p.get("x-remoteOnboarding") or []
    )


async def federate(one: Operator, two: Operator) -> None:
    """``op-platform federation create`` at OP1 with OP2, as an operator would run it."""
    process = await asyncio.create_subprocess_exec(
        str(BIN / "op-platform"),
        "federation",
        "create",
        "--partner",
        two.operator_id,
        env=settings_env(one.settings),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    out, _ = await asyncio.wait_for(process.communicate(), 120)
    if process.returncode != 0:
        raise RuntimeError(f"federation create failed: {out.decode()[-2000:]}")


async def _kill_when(
    lab: Lab, http: httpx.AsyncClient, victim: Operator, watched: Operator, seen: int, out: Outcome
) -> None:
    """Kill ``victim`` once ``watched`` records ``seen`` operations (or after a minute), then
    start it again."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 60.0
    while loop.time() < deadline:
        try:
            found = await _json(http, watched.op.url + f"/admin/operations?limit={seen}")
        except httpx.HTTPError:
            found = []
        if len(found) >= seen:
            break
        await asyncio.sleep(0.2)
    await lab.kill_op(victim)
    out.killed.append(victim.operator_id)
    await asyncio.sleep(0.5)
    await lab.start_op(victim)


async def run(
    lab: Lab,
    folder: Path,
    count: int,
    *,
    kill: bool = True,
    settle_seconds: float = 600.0,
) -> Outcome:
    """Post ``count`` packages to MEO1 at once, kill each OP once (with ``kill``), and wait
    until everything settled or ``settle_seconds`` passed; what each party holds then."""
    one, two = lab.operators[:2]
    http = lab.http
    out = Outcome(count)
    files = Servers(folder)
    try:
        served = await files.files(folder)
        await federate(one, two)
        bodies = package_bodies(folder, served.url, count)
        url = f"{one.meo_api}/op_target_systems/{two.network_id}/apptype/cross-network/app_packages"
        crashes = []
        if kill:  # OP1 a fifth of the way in, then OP2 halfway
            crashes = [
                asyncio.create_task(_kill_when(lab, http, one, one, max(1, count // 5), out)),
                asyncio.create_task(_kill_when(lab, http, two, two, max(1, count // 2), out)),
            ]
        answers = await asyncio.gather(
            *(http.post(url, json=body, timeout=120.0) for body in bodies)
        )
        out.posted = Counter(a.status_code for a in answers)
        await asyncio.gather(*crashes)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + settle_seconds
        while True:
            await observe(http, one, two, out)
            if out.holds or loop.time() > deadline:
                return out
            await asyncio.sleep(1.0)
    finally:
        await files.close()
