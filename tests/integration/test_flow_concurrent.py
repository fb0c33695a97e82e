"""Many cross-network onboardings at once: each package exactly once at each MEO."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx

from mec_mocks.testing import Servers
from op_platform.demo.flow_load import package_bodies
from op_platform.demo.topology import start_all, stop_all
from tests.integration.flow_helpers import federate, meo_packages, operators

COUNT = int(os.environ.get("OP_TEST_CONCURRENT_FLOWS", "100"))


async def test_concurrent_cross_network_onboardings(
    tmp_path: Path, new_database: Callable[[str], Awaitable[str]], http: httpx.AsyncClient
) -> None:
    ops = await operators(tmp_path, new_database)
    one, two = ops
    files = Servers(tmp_path)
    await start_all(ops)
    try:
        await federate(one, two)
        served = await files.files()
        bodies = package_bodies(tmp_path, served.url, COUNT)
        url = f"{one.meo_api}/op_target_systems/{two.network_id}/apptype/cross-network/app_packages"
        answers = await asyncio.gather(
            *(http.post(url, json=body, timeout=60.0) for body in bodies)
        )  # generous: a hundred at once on a busy machine
        assert all(a.status_code == 201 for a in answers), [a.text for a in answers][:3]

        async def settled() -> bool:
            here = await meo_packages(http, one)
            there = await meo_packages(http, two)
            remote = [r.get("remoteState") for p in here for r in p.get("x-remoteOnboarding", [])]
            return (
                len(there) >= COUNT
                and all(p["onboardingState"] == "ONBOARDED" for p in there)
                and remote.count("ONBOARDED") == COUNT
            )

        deadline = asyncio.get_running_loop().time() + 30 + COUNT * 1.5
        while not await settled():
            assert asyncio.get_running_loop().time() < deadline, "flows did not settle"
            await asyncio.sleep(0.5)
        here = await meo_packages(http, one)
        there = await meo_packages(http, two)
        assert len(here) == COUNT and len(there) == COUNT
        names = sorted(p["appName"] for p in there)
        assert names == sorted({p["appName"] for p in there})  # no duplicates
        assert sorted(p["appName"] for p in here) == names
    finally:
        await files.close()
        await stop_all(ops)
