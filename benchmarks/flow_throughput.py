"""Throughput and latency of the federated onboarding flow (see README.md)."""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

from mec_mocks.testing import Servers
from op_platform.demo.flow_load import package_bodies
from op_platform.demo.topology import build, start_all, stop_all
from op_platform.keys import PLATFORM
from op_platform.services.federation import partners


async def main(count: int) -> None:
    folder = Path(tempfile.mkdtemp(prefix="op-bench-"))
    ops = build(2, folder)
    one, two = ops
    files = Servers(folder)
    await start_all(ops)
    try:
        served = await files.files()
        app = one.op.app
        assert app is not None
        deps = app[PLATFORM].deps
        await partners.create_federation(deps, two.operator_id)
        bodies = package_bodies(folder, served.url, count, "Bench App")
        url = f"{one.meo_api}/op_target_systems/{two.network_id}/apptype/cross-network/app_packages"
        async with httpx.AsyncClient(timeout=60) as http:
            started = time.monotonic()
            answers = await asyncio.gather(*(http.post(url, json=b) for b in bodies))
            posted = {a.json()["id"]: time.monotonic() for a in answers}
            done: dict[str, float] = {}
            while len(done) < count and time.monotonic() - started < 600:
                for package in (await http.get(one.meo_api + "/app_packages")).json():
                    remote = package.get("x-remoteOnboarding") or []
                    if remote and remote[0].get("remoteState") == "ONBOARDED":
                        done.setdefault(package["id"], time.monotonic())
                await asyncio.sleep(0.2)
            total = time.monotonic() - started
            at_two = len((await http.get(two.meo_api + "/app_packages")).json())
        latencies = sorted(done[k] - posted[k] for k in done)
        print(f"flows: {count} posted, {len(done)} ONBOARDED at both MEOs ({at_two} at MEO2)")
        print(f"total: {total:.2f} s, {len(done) / total:.1f} flows/s")
        if latencies:
            p95 = latencies[int(0.95 * (len(latencies) - 1))]
            print(
                f"latency: p50 {statistics.median(latencies):.2f} s, p95 {p95:.2f} s, "
                f"max {latencies[-1]:.2f} s"
            )
    finally:
        await files.close()
        await stop_all(ops)


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 100))
