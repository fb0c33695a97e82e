"""A MEO restarted in the middle of an onboarding resumes it from the SQLite file."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
from aiohttp import web

from mec_mocks.meo.paths import API_ROOT
from mec_mocks.oss.package import make_package_async
from mec_mocks.testing import Servers, wait_for, wait_state


async def test_onboarding_resumes_after_restart(
    servers: Servers, http: httpx.AsyncClient, tmp_path: Path
) -> None:
    made = await make_package_async(tmp_path / "slow.zip")
    data = made.path.read_bytes()
    state = {"slow": True, "requests": 0}

    async def serve(_request: web.Request) -> web.Response:
        state["requests"] += 1
        if state["slow"]:
            await asyncio.sleep(3600)
        return web.Response(body=data)

    files = web.Application()
    files.router.add_get("/slow.zip", serve)
    fileserver = await servers.start(files)
    meo = await servers.meo("46001", db="resume.db")
    body = {
        "appPkgName": "Demo App",
        "appPkgVersion": "1.0.0",
        "appProvider": "ACME",
        "appPkgPath": f"{fileserver.url}/slow.zip",
        "checksum": {"algorithm": made.algorithm, "hash": made.checksum},
    }
    r = await http.post(f"{meo.url}{API_ROOT}/app_packages", json=body)
    url = r.headers["Location"]

    async def uploading() -> bool:
        info = (await http.get(url)).json()
        return bool(info["onboardingState"] == "UPLOADING" and state["requests"] == 1)

    await wait_for(uploading, what="fetch in progress")
    port = meo.port
    await servers.stop(meo)
    state["slow"] = False
    meo2 = await servers.meo("46001", db="resume.db", port=port)
    info = await wait_state(http, url)
    assert info["appDId"] == made.appd["appDId"]
    assert state["requests"] == 2
    assert len((await http.get(f"{meo2.url}{API_ROOT}/app_packages")).json()) == 1
