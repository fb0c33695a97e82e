"""MEC 010-2 app_pkgm package operations against a real MEO on loopback."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Callable
from typing import Any

import httpx

from mec_mocks.common.package_format import build_package, sample_appd
from mec_mocks.meo import keys
from mec_mocks.meo.models import UsageState
from mec_mocks.meo.paths import API_ROOT as ROOT
from mec_mocks.testing import Package, Servers, assert_problem, wait_state


async def onboard(http: httpx.AsyncClient, base: str, body: dict[str, Any]) -> dict[str, Any]:
    r = await http.post(f"{base}{ROOT}/app_packages", json=body)
    assert r.status_code == 201, r.text
    return await wait_state(http, r.headers["Location"])


async def test_create_onboards_and_is_idempotent(
    servers: Servers, http: httpx.AsyncClient, pkg: Package
) -> None:
    meo = await servers.meo()
    body = pkg.create_body()
    r = await http.post(f"{meo.url}{ROOT}/app_packages", json=body)
    assert r.status_code == 201
    created = r.json()
    assert isinstance(created, dict)  # one AppPkgInfo (v2.2.1), not an array
    assert created["onboardingState"] in ("CREATED", "UPLOADING", "PROCESSING", "ONBOARDED")
    assert r.headers["Location"] == f"{meo.url}{ROOT}/app_packages/{created['id']}"
    info = await wait_state(http, r.headers["Location"])
    assert info["operationalState"] == "ENABLED"
    assert info["usageState"] == "NOT_IN_USE"
    assert info["appDId"] == pkg.appd["appDId"]
    assert info["appDVersion"] == "1.0"
    assert info["appName"] == "Demo App"
    assert info["userDefinedData"] == {"owner": "lab"}
    assert info["softwareImages"][0]["id"]
    assert [a["artifactPath"] for a in info["additionalArtifacts"]] == ["Artifacts/readme.txt"]
    assert set(info["_links"]) == {"self", "appD", "appPkgContent"}

    again = await http.post(f"{meo.url}{ROOT}/app_packages", json=body)
    assert again.status_code == 200
    assert again.json()["id"] == created["id"]
    listed = (await http.get(f"{meo.url}{ROOT}/app_packages")).json()
    assert [p["id"] for p in listed] == [created["id"]]


async def test_sha512_tar_gz_and_http_path(
    servers: Servers, http: httpx.AsyncClient, make_pkg: Callable[..., Package]
) -> None:
    from aiohttp import web

    pkg = make_pkg(fmt="tar.gz")

    async def serve(_request: web.Request) -> web.Response:
        return web.Response(body=pkg.data)

    files = web.Application()
    files.router.add_get("/pkg.tgz", serve)
    fileserver = await servers.start(files)
    meo = await servers.meo()
    body = pkg.create_body(
        url=f"{fileserver.url}/pkg.tgz",
        checksum={"algorithm": "sha-512", "hash": hashlib.sha512(pkg.data).hexdigest().upper()},
    )
    info = await onboard(http, meo.url, body)
    assert info["checksum"]["algorithm"] == "SHA-512"
    content = await http.get(info["_links"]["appPkgContent"]["href"])
    assert content.status_code == 200
    assert content.content == pkg.data
    assert content.headers["content-type"] == "application/gzip"


async def test_list_filter_and_exclude(
    servers: Servers, http: httpx.AsyncClient, make_pkg: Callable[..., Package]
) -> None:
    meo = await servers.meo()
    a = await onboard(http, meo.url, make_pkg("Alpha").create_body())
    await onboard(http, meo.url, make_pkg("Beta").create_body())
    url = f"{meo.url}{ROOT}/app_packages"
    only = (await http.get(url, params={"filter": "(eq,appName,Alpha)"})).json()
    assert [p["id"] for p in only] == [a["id"]]
    both = (await http.get(url, params={"filter": "(in,appName,Alpha,Beta)"})).json()
    assert len(both) == 2
    slim = (await http.get(url, params={"exclude_default": ""})).json()
    assert all("softwareImages" not in p and "userDefinedData" not in p for p in slim)
    assert_problem(await http.get(url, params={"filter": "eq,appName"}), 400, "filter")
    slimmer = (await http.get(url, params={"exclude_fields": "appDId,checksum.hash"})).json()
    assert all("appDId" not in p for p in slimmer)
    assert_problem(await http.get(url, params={"exclude_fields": "appDId,id"}), 400, "id")


async def test_appd_and_content(servers: Servers, http: httpx.AsyncClient, pkg: Package) -> None:
    meo = await servers.meo()
    info = await onboard(http, meo.url, pkg.create_body())
    appd_url = info["_links"]["appD"]["href"]
    r = await http.get(appd_url)
    assert r.status_code == 200
    assert r.json()["appDId"] == pkg.appd["appDId"]
    r = await http.get(appd_url, headers={"Accept": "application/zip"})
    assert r.headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(r.content)) as zf:
        assert json.loads(zf.read("APPD/appd.json"))["appDId"] == pkg.appd["appDId"]
    assert_problem(await http.get(appd_url, headers={"Accept": "image/png"}), 406)
    content_url = info["_links"]["appPkgContent"]["href"]
    r = await http.get(content_url, headers={"Range": "bytes=0-9"})
    assert r.status_code == 206
    assert r.content == pkg.data[:10]
    assert_problem(await http.get(content_url, headers={"Range": "bytes=999999-"}), 416)


async def test_put_content_flow(servers: Servers, http: httpx.AsyncClient, pkg: Package) -> None:
    meo = await servers.meo()
    r = await http.post(f"{meo.url}{ROOT}/app_packages", json=pkg.create_body(url=""))
    assert r.status_code == 201
    url = r.headers["Location"]
    assert (await http.get(url)).json()["onboardingState"] == "CREATED"
    assert_problem(await http.get(url + "/appd"), 409, "CREATED")
    assert_problem(await http.get(url + "/package_content"), 409, "not ONBOARDED")
    assert_problem(
        await http.put(
            url + "/package_content", content=pkg.data, headers={"Content-Type": "text/plain"}
        ),
        415,
    )
    put = await http.put(
        url + "/package_content", content=pkg.data, headers={"Content-Type": "application/zip"}
    )
    assert put.status_code == 202
    info = await wait_state(http, url)
    assert info["appDId"] == pkg.appd["appDId"]
    assert_problem(
        await http.put(
            url + "/package_content", content=pkg.data, headers={"Content-Type": "application/zip"}
        ),
        409,
        "ONBOARDED",
    )
    assert_problem(
        await http.put(
            f"{meo.url}{ROOT}/app_packages/nope/package_content",
            content=pkg.data,
            headers={"Content-Type": "application/zip"},
        ),
        404,
    )


async def test_bad_checksum_fails(servers: Servers, http: httpx.AsyncClient, pkg: Package) -> None:
    meo = await servers.meo()
    body = pkg.create_body(checksum={"algorithm": "SHA-256", "hash": "0" * 64})
    r = await http.post(f"{meo.url}{ROOT}/app_packages", json=body)
    info = await wait_state(http, r.headers["Location"], onboarded=False)
    assert info["onboardingState"] == "CREATED"
    assert info["operationalState"] == "DISABLED"
    failure = info["onboardingFailureDetails"]
    assert failure["type"].endswith("checksum-mismatch")
    assert failure["detail"].startswith("checksum mismatch")
    assert pkg.sha256 not in failure["detail"] and pkg.sha256 not in json.dumps(info)
    assert set(failure) >= {"type", "title", "status", "detail", "instance"}
    assert_problem(await http.get(r.headers["Location"] + "/package_content"), 409)


async def test_unreachable_path_fails(
    servers: Servers, http: httpx.AsyncClient, pkg: Package, package_url: str
) -> None:
    meo = await servers.meo()
    for path in (f"{package_url}/missing.zip", "http://127.0.0.1:9/nothing.zip"):
        r = await http.post(
            f"{meo.url}{ROOT}/app_packages",
            json=pkg.create_body(url=path, appPkgVersion=path[-12:]),
        )
        info = await wait_state(http, r.headers["Location"], onboarded=False)
        failure = info["onboardingFailureDetails"]
        assert failure["type"].endswith("package-not-retrievable")
        assert failure["detail"] == "package could not be fetched"


async def test_malformed_packages_fail(
    servers: Servers, http: httpx.AsyncClient, tmp_path: Any, package_url: str
) -> None:
    meo = await servers.meo()
    bad_appd = sample_appd("X", "1", "ACME")
    del bad_appd["appDId"]
    cases = {
        "not-an-archive": b"this is not a zip file at all",
        "no-descriptor": build_package({}, fmt="zip").replace(
            b"APPD/appd.json", b"APPD/other.json"
        ),
        "bad-descriptor": build_package(bad_appd),
        "wrong-provider": build_package(sample_appd("X", "1", "Someone Else")),
    }
    for name, data in cases.items():
        path = tmp_path / f"{name}.zip"
        path.write_bytes(data)
        body = {
            "appPkgName": name,
            "appPkgVersion": "1",
            "appProvider": "ACME",
            "appPkgPath": f"{package_url}/{path.name}",
            "checksum": {"algorithm": "SHA-256", "hash": hashlib.sha256(data).hexdigest()},
        }
        r = await http.post(f"{meo.url}{ROOT}/app_packages", json=body)
        info = await wait_state(http, r.headers["Location"], onboarded=False)
        failure = info["onboardingFailureDetails"]
        assert failure["type"].endswith("invalid-package"), (name, failure)
    bad = [
        p
        for p in (await http.get(f"{meo.url}{ROOT}/app_packages")).json()
        if p["onboardingState"] == "ONBOARDED"
    ]
    assert bad == []


async def test_failed_package_retried_by_same_request(
    servers: Servers, http: httpx.AsyncClient, pkg: Package, package_url: str
) -> None:
    meo = await servers.meo()
    missing = pkg.path.with_name("later.zip")
    body = pkg.create_body(url=f"{package_url}/later.zip")
    r = await http.post(f"{meo.url}{ROOT}/app_packages", json=body)
    await wait_state(http, r.headers["Location"], onboarded=False)
    missing.write_bytes(pkg.data)
    again = await http.post(f"{meo.url}{ROOT}/app_packages", json=body)
    assert again.status_code == 200
    info = await wait_state(http, r.headers["Location"])
    assert "onboardingFailureDetails" not in info


async def test_patch_and_delete_state_machine(
    servers: Servers, http: httpx.AsyncClient, pkg: Package
) -> None:
    meo = await servers.meo()
    info = await onboard(http, meo.url, pkg.create_body())
    url = info["_links"]["self"]["href"]
    assert_problem(await http.delete(url), 409, "ENABLED")
    assert_problem(await http.patch(url, json={"operationState": "ENABLED"}), 409, "already")
    r = await http.patch(url, json={"operationState": "DISABLED"})
    assert r.status_code == 200
    assert r.json() == {"operationState": "DISABLED"}
    assert (await http.get(url)).json()["operationalState"] == "DISABLED"
    await meo.app[keys.SERVICE].set_usage_state(info["id"], UsageState.IN_USE)
    assert_problem(await http.delete(url), 409, "IN_USE")
    await meo.app[keys.SERVICE].set_usage_state(info["id"], UsageState.NOT_IN_USE)
    r = await http.patch(
        url,
        json={"operationalState": "ENABLED"},
        headers={"Content-Type": "application/merge-patch+json"},
    )
    assert r.status_code == 200
    assert (await http.patch(url, json={"operationState": "DISABLED"})).status_code == 200
    assert (await http.delete(url)).status_code == 204
    assert_problem(await http.get(url), 404)
    assert_problem(await http.delete(url), 404)


async def test_patch_refused_before_onboarded(
    servers: Servers, http: httpx.AsyncClient, pkg: Package
) -> None:
    meo = await servers.meo()
    r = await http.post(f"{meo.url}{ROOT}/app_packages", json=pkg.create_body(url=""))
    url = r.headers["Location"]
    assert_problem(await http.patch(url, json={"operationState": "ENABLED"}), 409, "CREATED")
    assert (await http.delete(url)).status_code == 204  # never onboarded: deletable


async def test_unknown_ids(servers: Servers, http: httpx.AsyncClient) -> None:
    meo = await servers.meo()
    base = f"{meo.url}{ROOT}/app_packages/does-not-exist"
    assert_problem(await http.get(base), 404, "does-not-exist")
    assert_problem(await http.patch(base, json={"operationState": "DISABLED"}), 404)
    assert_problem(await http.delete(base), 404)
    assert_problem(await http.get(base + "/appd"), 404)
    assert_problem(await http.get(base + "/package_content"), 404)


async def test_request_errors(servers: Servers, http: httpx.AsyncClient, pkg: Package) -> None:
    meo = await servers.meo()
    url = f"{meo.url}{ROOT}/app_packages"
    body = pkg.create_body()
    assert_problem(
        await http.post(url, content=b"{not json", headers={"Content-Type": "application/json"}),
        400,
        "JSON",
    )
    assert_problem(
        await http.post(url, content=json.dumps(body), headers={"Content-Type": "text/plain"}), 415
    )
    assert_problem(await http.post(url, json=[body]), 400, "object")
    missing = {k: v for k, v in body.items() if k != "appPkgName"}
    assert_problem(await http.post(url, json=missing), 400, "appPkgName")
    assert_problem(
        await http.post(url, json={**body, "appPkgPath": "ftp://x/y.zip"}), 400, "appPkgPath"
    )
    assert_problem(
        await http.post(url, json={**body, "checksum": {"algorithm": "MD5", "hash": "00"}}),
        400,
        "checksum.algorithm",
    )
    assert_problem(
        await http.post(url, json={**body, "checksum": {"algorithm": "SHA-256", "hash": "abc"}}),
        400,
        "checksum",
    )
    r = await http.post(url, json=body)
    pkg_url = r.headers["Location"]
    assert_problem(
        await http.patch(pkg_url, json={"operationState": "PAUSED"}), 400, "operationState"
    )
    assert_problem(await http.patch(pkg_url, json={}), 400, "operationState")
    assert_problem(await http.get(f"{meo.url}/no/such/path"), 404)
    r = await http.put(url, json=body)
    assert_problem(r, 405)
    assert "POST" in r.headers["Allow"]
