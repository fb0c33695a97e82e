"""A package whose content was uploaded at MEO1 (appPkgPath "") reaches MEO2 across networks:
MEO1 forwards its own package_content URL, which MEO2 fetches."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx

from op_platform.demo.topology import start_all, stop_all
from tests.integration.flow_helpers import federate, meo_packages, operators, package


async def wait_for(check: Callable[[], Awaitable[Any]], within: float = 60.0) -> Any:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while True:
        found = await check()
        if found:
            return found
        if loop.time() > deadline:
            raise AssertionError("condition not reached in time")
        await asyncio.sleep(0.1)


async def test_put_content_package_onboarded_at_the_partner_meo(
    tmp_path: Path, new_database: Callable[[str], Awaitable[str]], http: httpx.AsyncClient
) -> None:
    ops = await operators(tmp_path, new_database)
    one, two = ops
    await start_all(ops)
    try:
        await federate(one, two)
        data = package(tmp_path).read_bytes()
        body = {
            "appPkgName": "Demo App",
            "appPkgVersion": "1.0.0",
            "appProvider": "ACME",  # as in the AppD of flow_helpers.package
            "appPkgPath": "",
            "checksum": {"algorithm": "SHA-256", "hash": hashlib.sha256(data).hexdigest()},
        }
        url = f"{one.meo_api}/op_target_systems/{two.network_id}/apptype/cross-network/app_packages"
        created = await http.post(url, json=body)
        assert created.status_code == 201, created.text
        location = created.headers["Location"]
        put = await http.put(
            location + "/package_content",
            content=data,
            headers={"Content-Type": "application/zip"},
        )
        assert put.status_code == 202, put.text

        async def remote_onboarded() -> dict[str, Any] | None:
            info: dict[str, Any] = (await http.get(location)).json()
            entries = info.get("x-remoteOnboarding") or []
            return info if entries and entries[0].get("remoteState") == "ONBOARDED" else None

        info = await wait_for(remote_onboarded)
        assert info["onboardingState"] == "ONBOARDED"
        (at_two,) = await meo_packages(http, two)
        assert at_two["onboardingState"] == "ONBOARDED"
        assert at_two["appName"] == "Demo App"
    finally:
        await stop_all(ops)
