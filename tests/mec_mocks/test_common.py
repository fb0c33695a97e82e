"""Shared pieces: package format, filters, outbox backoff, the problem middleware."""

from __future__ import annotations

import io
import json
import tarfile
import zipfile

import httpx
import pytest
from aiohttp import web

from mec_mocks.common.http import problem_middleware
from mec_mocks.common.outbox import OutboxConfig, backoff_delay
from mec_mocks.common.package_format import (
    PackageError,
    build_package,
    digest,
    normalize_algorithm,
    open_package,
    sample_appd,
)
from mec_mocks.meo.filters import matches, parse_filter, subscription_matches
from mec_mocks.testing import Servers, assert_problem


@pytest.mark.parametrize(
    "name,expected",
    [("SHA-256", "SHA-256"), ("sha256", "SHA-256"), ("Sha-512", "SHA-512"), ("sha_384", "SHA-384")],
)
def test_algorithm_names(name: str, expected: str) -> None:
    assert normalize_algorithm(name) == expected


def test_unknown_algorithm() -> None:
    with pytest.raises(ValueError, match="unsupported"):
        normalize_algorithm("MD5")
    assert len(digest(b"x", "sha-512")) == 128


def test_package_layouts() -> None:
    appd = sample_appd("A", "1", "P")
    for fmt in ("zip", "tar", "tar.gz"):
        assert open_package(build_package(appd, fmt=fmt)).appd["appDId"] == appd["appDId"]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:  # root MEC-APPD.json under one top directory
        zf.writestr("myapp/MEC-APPD.json", json.dumps(appd))
        zf.writestr("myapp/bin/run.sh", "echo hi")
    opened = open_package(buf.getvalue())
    assert opened.descriptor_path == "myapp/MEC-APPD.json"
    assert [a["artifactPath"] for a in opened.artifacts] == ["myapp/bin/run.sh"]


def test_package_errors() -> None:
    appd = sample_appd("A", "1", "P")
    with pytest.raises(PackageError, match="empty"):
        open_package(b"")
    with pytest.raises(PackageError, match="not a zip or tar"):
        open_package(b"garbage" * 100)
    with pytest.raises(PackageError, match="no application descriptor"):
        open_package(build_package(appd).replace(b"APPD/appd.json", b"APPD/xxxx.json"))
    with pytest.raises(PackageError, match="appDVersion"):
        open_package(build_package({k: v for k, v in appd.items() if k != "appDVersion"}))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("APPD/appd.json", "{not json")
    with pytest.raises(PackageError, match="not valid JSON"):
        open_package(buf.getvalue())
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tf:
        info = tarfile.TarInfo("../evil")
        info.size = 1
        tf.addfile(info, io.BytesIO(b"x"))
    with pytest.raises(PackageError, match="unsafe"):
        open_package(buf.getvalue())
    both = build_package(appd, files={"MEC-APPD.json": b"{}"})
    with pytest.raises(PackageError, match="more than one"):
        open_package(both)


def test_filters() -> None:
    doc = {
        "appName": "demo",
        "onboardingState": "ONBOARDED",
        "size": 10,
        "x-remoteOnboarding": [{"targetNetworkId": "46002"}],
    }
    assert matches(doc, parse_filter("(eq,appName,demo);(in,onboardingState,A,ONBOARDED)"))
    assert not matches(doc, parse_filter("(neq,appName,demo)"))
    assert matches(doc, parse_filter("(gt,size,9);(lte,size,10)"))
    assert matches(doc, parse_filter("(cont,appName,em)"))
    assert matches(doc, parse_filter("(eq,x-remoteOnboarding/targetNetworkId,46002)"))
    assert subscription_matches(doc, None)
    assert subscription_matches(doc, [{"appName": ["other"]}, "(eq,appName,demo)"])
    assert not subscription_matches(doc, [{"appName": "other"}])
    for bad in ("eq,appName,demo", "(foo,appName,x)", "(eq,appName)", "(eq,appName,a,b)"):
        with pytest.raises(ValueError):
            parse_filter(bad)


def test_backoff_grows_and_is_capped() -> None:
    config = OutboxConfig(base_delay=1.0, max_delay=8.0, jitter=0.0)
    assert [backoff_delay(config, n) for n in range(1, 7)] == [1, 2, 4, 8, 8, 8]
    jittered = OutboxConfig(base_delay=1.0, max_delay=8.0, jitter=0.5)
    for _ in range(50):
        assert 2.0 <= backoff_delay(jittered, 3) <= 6.0


async def test_unexpected_error_is_a_problem_without_internals(servers: Servers) -> None:
    async def boom(_request: web.Request) -> web.Response:
        raise RuntimeError("secret internal state")

    app = web.Application(middlewares=[problem_middleware])
    app.router.add_get("/boom", boom)
    server = await servers.start(app)
    async with httpx.AsyncClient() as http:
        body = assert_problem(await http.get(f"{server.url}/boom"), 500)
    assert "secret" not in str(body)
    assert "Traceback" not in str(body)
