"""Regression tests for the attacks on the MEO: local file read and request forgery through
``appPkgPath`` and ``callbackUri``, leaks through failure details, oversized and deep bodies."""

from __future__ import annotations

import asyncio
import hashlib
import json
import resource
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from aiohttp import web
from pydantic import ValidationError

from mec_mocks.cli import main
from mec_mocks.meo import MeoConfig, keys
from mec_mocks.meo.paths import API_ROOT as ROOT
from mec_mocks.testing import Package, Servers, assert_problem, wait_for, wait_state
from perimeter import Policy, make_client
from perimeter.transport import Resolver

HTTP_ONLY = Policy(schemes=frozenset({"http"}))
ONBOARDING = "AppPackageOnBoarding"


def stub(table: dict[str, str]) -> Resolver:
    async def resolve(host: str, port: int) -> list[str]:
        if host not in table:
            raise OSError("unknown host")
        return [table[host]]

    return resolve


@pytest.fixture
async def pinned() -> AsyncIterator[httpx.AsyncClient]:
    """The MEO's own client kind, with example.test names resolved to loopback."""
    resolve = stub({"files.example.test": "127.0.0.1", "sink.example.test": "127.0.0.1"})
    policy = Policy.model_validate({"schemes": ["http"], "allowed_hosts": ["files.example.test"]})
    async with make_client(policy, resolver=resolve, timeout=10.0) as client:
        yield client


def guard_app(calls: list[str]) -> web.Application:
    """An "internal" service: records every call, answers 401 like an admin endpoint."""

    async def admin(request: web.Request) -> web.Response:
        calls.append(request.path)
        return web.Response(status=401, text="secret internal detail")

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", admin)
    return app


async def create(http: httpx.AsyncClient, meo_url: str, body: dict[str, object]) -> httpx.Response:
    return await http.post(f"{meo_url}{ROOT}/app_packages", json=body)


async def test_file_urls_refused_unless_the_flag_is_set(
    servers: Servers, http: httpx.AsyncClient, pkg: Package
) -> None:
    meo = await servers.meo()
    for url in ("file:///etc/hostname", "FILE:///etc/passwd", pkg.path.as_uri()):
        answer = await create(http, meo.url, pkg.create_body(url=url))
        assert_problem(answer, 400, "appPkgPath", "file URLs are not accepted")
    assert (await http.get(f"{meo.url}{ROOT}/app_packages")).json() == []

    lab = await servers.meo("46009", db="lab.db", allow_file_urls=True)
    answer = await create(http, lab.url, pkg.create_body(url=pkg.path.as_uri()))
    assert answer.status_code == 201
    await wait_state(http, answer.headers["Location"])
    remote = pkg.create_body(url="file://fileserver/etc/hostname", appPkgVersion="2")
    assert_problem(await create(http, lab.url, remote), 400, "appPkgPath", "must not name a host")


async def test_checksum_failure_shows_no_hash(
    servers: Servers, http: httpx.AsyncClient, pkg: Package
) -> None:
    lab = await servers.meo(allow_file_urls=True)
    secret = Path("/etc/hostname")
    if not secret.exists():
        pytest.skip("no /etc/hostname on this machine")
    body = pkg.create_body(url=secret.as_uri(), checksum={"algorithm": "SHA-256", "hash": "0" * 64})
    answer = await create(http, lab.url, body)
    info = await wait_state(http, answer.headers["Location"], onboarded=False)
    failure = info["onboardingFailureDetails"]
    assert failure["type"].endswith("checksum-mismatch")
    actual = hashlib.sha256(secret.read_bytes()).hexdigest()
    assert actual not in json.dumps(info).lower()
    assert_problem(await http.get(answer.headers["Location"] + "/package_content"), 409)


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("http://169.254.169.254/latest/meta-data/iam/", "cloud metadata"),
        ("http://[fd00:ec2::254]/latest/", "cloud metadata"),
        ("http://metadata.google.internal/computeMetadata/v1/", "cloud metadata"),
        ("http://10.0.0.5/pkg.zip", "private"),
        ("http://user:pw@files.example.test/pkg.zip", "user information"),
        ("gopher://files.example.test/pkg.zip", "must be an http, https or file URL"),
    ],
)
async def test_internal_package_paths_refused(
    servers: Servers, http: httpx.AsyncClient, pkg: Package, url: str, words: str
) -> None:
    meo = await servers.meo()  # even a lab MEO that allow-lists loopback
    assert_problem(await create(http, meo.url, pkg.create_body(url=url)), 400, "appPkgPath", words)


async def test_loopback_refused_without_the_allow_list(
    servers: Servers, http: httpx.AsyncClient, pkg: Package
) -> None:
    calls: list[str] = []
    internal = await servers.start(guard_app(calls))
    meo = await servers.meo(url_policy=HTTP_ONLY)
    for url in (f"{internal.url}/admin", f"http://localhost:{internal.port}/admin"):
        answer = await create(http, meo.url, pkg.create_body(url=url))
        body = assert_problem(answer, 400, "appPkgPath", "loopback")
        assert str(internal.port) not in body["detail"]
    sub = {"callbackUri": f"{internal.url}/admin", "subscriptionType": ONBOARDING}
    answer = await http.post(f"{meo.url}{ROOT}/subscriptions", json=sub)
    assert_problem(answer, 400, "callbackUri", "loopback")
    assert calls == []


async def test_internal_status_does_not_leak(
    servers: Servers, http: httpx.AsyncClient, pkg: Package
) -> None:
    calls: list[str] = []
    internal = await servers.start(guard_app(calls))
    meo = await servers.meo()  # loopback allow-listed: the fetch happens, its answer stays inside
    failure = await fetch_failure(http, meo.url, pkg, f"{internal.url}/admin")
    assert calls == ["/admin"]
    assert failure["detail"] == "package could not be fetched"
    assert "401" not in json.dumps(failure) and "secret" not in json.dumps(failure)


async def fetch_failure(
    http: httpx.AsyncClient, meo_url: str, pkg: Package, url: str
) -> dict[str, object]:
    """Post a package at ``url``; it is accepted, and its fetch fails: the failure details."""
    answer = await create(http, meo_url, pkg.create_body(url=url))
    assert answer.status_code == 201, answer.text
    info = await wait_state(http, answer.headers["Location"], onboarded=False)
    failure: dict[str, object] = info["onboardingFailureDetails"]
    return failure


async def test_name_resolving_to_loopback_refused_at_connect(
    servers: Servers, http: httpx.AsyncClient, pkg: Package, pinned: httpx.AsyncClient
) -> None:
    calls: list[str] = []
    internal = await servers.start(guard_app(calls))
    meo = await servers.meo(url_policy=HTTP_ONLY, http=pinned)
    url = f"http://sink.example.test:{internal.port}/admin"  # a name passes acceptance
    failure = await fetch_failure(http, meo.url, pkg, url)
    assert failure["detail"] == "package could not be fetched"
    assert calls == []


async def test_redirect_to_loopback_refused(
    servers: Servers, http: httpx.AsyncClient, pkg: Package, pinned: httpx.AsyncClient
) -> None:
    calls: list[str] = []
    internal = await servers.start(guard_app(calls))

    bounced: list[str] = []

    async def bounce(request: web.Request) -> web.Response:
        bounced.append(request.host)
        raise web.HTTPFound(f"{internal.url}/admin")

    files = web.Application()
    files.router.add_get("/pkg.zip", bounce)
    source = await servers.start(files)
    meo = await servers.meo(url_policy=HTTP_ONLY, http=pinned)
    url = f"http://files.example.test:{source.port}/pkg.zip"
    failure = await fetch_failure(http, meo.url, pkg, url)
    assert failure["detail"] == "package could not be fetched"
    assert bounced == [f"files.example.test:{source.port}"] and calls == []


async def test_callback_resolving_to_loopback_is_never_called(
    servers: Servers, http: httpx.AsyncClient, pkg: Package, pinned: httpx.AsyncClient
) -> None:
    calls: list[str] = []
    sink = await servers.start(guard_app(calls))
    meo = await servers.meo(url_policy=HTTP_ONLY, http=pinned)
    sub = {
        "callbackUri": f"http://sink.example.test:{sink.port}/cb",
        "subscriptionType": ONBOARDING,
    }
    made = await http.post(f"{meo.url}{ROOT}/subscriptions", json=sub)
    assert made.status_code == 201
    created = await create(http, meo.url, pkg.create_body(url=""))
    url = created.headers["Location"]
    put = await http.put(
        url + "/package_content", content=pkg.data, headers={"Content-Type": "application/zip"}
    )
    assert put.status_code == 202
    await wait_state(http, url)
    outbox = meo.app[keys.OUTBOX]

    async def failed() -> list[dict[str, object]]:
        rows = await outbox.messages(ref=f"sub:{made.json()['id']}")
        return [r for r in rows if r["status"] == "FAILED"]

    (row,) = await wait_for(failed, what="refused notification")
    assert row["attempts"] == 1 and "outbound URL policy" in str(row["last_error"])
    assert calls == []


async def test_deep_json_answers_400(servers: Servers, http: httpx.AsyncClient) -> None:
    meo = await servers.meo()
    deep = '{"appPkgName": ' + "[" * 1000 + "]" * 1000 + "}"
    for path in ("/app_packages", "/subscriptions"):
        answer = await http.post(
            f"{meo.url}{ROOT}{path}", content=deep, headers={"Content-Type": "application/json"}
        )
        problem = assert_problem(answer, 400, "nested deeper than 32")
        assert problem["type"].endswith("json-too-deep")


def _rss_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


async def test_huge_json_refused_before_it_is_read(servers: Servers) -> None:
    meo = await servers.meo()
    peak = _rss_kib()
    reader, writer = await asyncio.open_connection("127.0.0.1", meo.port)
    head = (
        f"POST {ROOT}/app_packages HTTP/1.1\r\nHost: meo\r\n"
        "Content-Type: application/json\r\nContent-Length: 60000000\r\n\r\n"
    )
    writer.write(head.encode() + b'{"appPkgName": "' + b"x" * 65536)
    await writer.drain()
    answer = await asyncio.wait_for(reader.read(65536), 30)  # answered with 60 MB still unsent
    writer.close()
    status, _, rest = answer.partition(b"\r\n")
    assert status == b"HTTP/1.1 413 Request Entity Too Large"
    assert b"Connection: close" in rest and b"body-too-large" in rest
    # coarse: the peak RSS of this process did not grow by anything like the declared 60 MB
    assert _rss_kib() - peak < 30_000


async def test_chunked_json_cut_at_the_limit(servers: Servers, http: httpx.AsyncClient) -> None:
    meo = await servers.meo(max_json_bytes=4096)

    async def chunks() -> AsyncIterator[bytes]:
        yield b'{"appPkgName": "'
        for _ in range(100):
            yield b"x" * 1024

    answer = await http.post(
        f"{meo.url}{ROOT}/app_packages",
        content=chunks(),
        headers={"Content-Type": "application/json"},
    )
    assert_problem(answer, 413, "larger than 4096 bytes")


async def test_uploads_are_checked_first_and_limited(
    servers: Servers, http: httpx.AsyncClient, pkg: Package, tmp_path: Path
) -> None:
    spool = tmp_path / "spool"
    spool.mkdir()
    assert len(pkg.data) > 512  # so the upload limit is not the JSON one
    meo = await servers.meo(
        max_package_bytes=len(pkg.data) + 10, max_json_bytes=512, upload_dir=str(spool)
    )
    zip_type = {"Content-Type": "application/zip"}
    unknown = f"{meo.url}{ROOT}/app_packages/nope/package_content"
    assert_problem(await http.put(unknown, content=b"x" * 100_000, headers=zip_type), 404)
    created = await create(http, meo.url, pkg.create_body(url=""))
    url = created.headers["Location"] + "/package_content"
    big = await http.put(url, content=pkg.data + b"x" * 100, headers=zip_type)
    assert_problem(big, 413, "larger than")

    async def chunks() -> AsyncIterator[bytes]:
        yield pkg.data
        yield b"x" * 100

    assert_problem(await http.put(url, content=chunks(), headers=zip_type), 413)
    assert list(spool.iterdir()) == []
    assert (await http.put(url, content=pkg.data, headers=zip_type)).status_code == 202
    await wait_state(http, created.headers["Location"])
    assert list(spool.iterdir()) == []


def test_config_refuses_peers_outside_the_policy() -> None:
    with pytest.raises(ValidationError, match="op_url: the scheme must be https"):
        MeoConfig(network_id="1", op_url="http://op.example/sbi-cr/v1")
    with pytest.raises(ValidationError, match="mepm_url: the host is a loopback address"):
        MeoConfig(network_id="1", mepm_url="https://127.0.0.1:9002", url_policy=Policy())
    assert MeoConfig(network_id="1").allow_file_urls is False
    lab = MeoConfig(network_id="1", mepm_url="http://127.0.0.1:9", url_policy=Policy.loopback())
    assert lab.mepm_url == "http://127.0.0.1:9"


def test_cli_refuses_peers_outside_the_policy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["meo", "--network-id", "46001", "--database", str(tmp_path / "m.db"), "--port", "0"]
    assert main([*base, "--op-url", "http://127.0.0.1:8080/sbi-cr/v1"]) == 2
    assert "op_url: the scheme must be https" in capsys.readouterr().err
    lab = ["--allow-http", "--mepm-url", "http://127.0.0.1:9002", "--allow-network", "10.0.0.0/8"]
    assert main([*base, *lab]) == 2
    assert "mepm_url: the host is a loopback address" in capsys.readouterr().err
    assert main([*base, "--allow-network", "127.0.0.0/33"]) == 2
    assert "url_policy.allowed_networks.0" in capsys.readouterr().err
