"""The ``/onboarded_app_packages/{appDId}`` paths: the same package, AppD and archive by appDId."""

from __future__ import annotations

import httpx

from mec_mocks.meo.paths import API_ROOT as ROOT
from mec_mocks.testing import Package, Servers, assert_problem, wait_state


async def _put_zip(http: httpx.AsyncClient, by_appd: str, data: bytes) -> httpx.Response:
    return await http.put(
        by_appd + "/package_content", content=data, headers={"Content-Type": "application/zip"}
    )


async def test_package_appd_and_content_by_appd_id(
    servers: Servers, http: httpx.AsyncClient, pkg: Package
) -> None:
    meo = await servers.meo()
    r = await http.post(f"{meo.url}{ROOT}/app_packages", json=pkg.create_body())
    assert r.status_code == 201, r.text
    info = await wait_state(http, r.headers["Location"])
    by_appd = f"{meo.url}{ROOT}/onboarded_app_packages/{pkg.appd['appDId']}"

    shown = await http.get(by_appd)
    assert shown.status_code == 200
    assert shown.json()["id"] == info["id"]
    appd = await http.get(by_appd + "/appd")
    assert appd.status_code == 200
    assert appd.json()["appDId"] == pkg.appd["appDId"]
    content = await http.get(by_appd + "/package_content")
    assert content.status_code == 200 and content.content == pkg.data
    part = await http.get(by_appd + "/package_content", headers={"Range": "bytes=-5"})
    assert part.status_code == 206 and part.content == pkg.data[-5:]
    assert_problem(await _put_zip(http, by_appd, pkg.data), 409, "ONBOARDED")


async def test_unknown_appd_ids_and_failed_packages(
    servers: Servers, http: httpx.AsyncClient, pkg: Package
) -> None:
    meo = await servers.meo()
    unknown = f"{meo.url}{ROOT}/onboarded_app_packages/no-such-appd"
    for suffix in ("", "/appd", "/package_content"):
        assert_problem(await http.get(unknown + suffix), 404, "no-such-appd")
    assert_problem(await _put_zip(http, unknown, pkg.data), 404)
    bad = pkg.create_body(checksum={"algorithm": "SHA-256", "hash": "0" * 64})
    r = await http.post(f"{meo.url}{ROOT}/app_packages", json=bad)
    failed = await wait_state(http, r.headers["Location"], onboarded=False)
    assert failed.get("onboardingFailureDetails")
    by_appd = f"{meo.url}{ROOT}/onboarded_app_packages/{pkg.appd['appDId']}"
    assert_problem(await http.get(by_appd), 404)
