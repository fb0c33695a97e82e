"""``conformance run`` against a Prism mock of openapi/ewbi.yaml with dynamic answers.

Prism makes up every answer from the schemas, so some values break the contract (a made-up
``Location``, a ProblemDetails without ``status``, identifiers that do not exist...). The kit must
not crash, must exit 1, and each finding must name the rule, the JSON path and the mock's value.
Prism is installed with npm into ``.cache/prism`` once per session; without node/npm (or when the
install fails) the test is skipped with why.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from aiohttp import web

from op_platform import cli
from op_platform.ports import free_port
from tests.conformance.helpers import KIT
from tests.helpers.servers import serve

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / ".cache" / "prism"
PRISM = CACHE / "node_modules" / ".bin" / "prism"
PACKAGE = "@stoplight/prism-cli@5"


@pytest.fixture(scope="session")
def prism_bin() -> Path:
    if PRISM.exists():
        return PRISM
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        pytest.skip("node/npm are not installed: the Prism mock cannot run")
    CACHE.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [npm, "install", "--prefix", str(CACHE), "--no-audit", "--no-fund", PACKAGE],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if done.returncode != 0 or not PRISM.exists():
        pytest.skip(f"installing {PACKAGE} failed: {done.stderr[-300:]}")
    return PRISM


@pytest.fixture
def prism(prism_bin: Path) -> Iterator[str]:
    port = free_port()
    command = [
        str(prism_bin),
        "mock",
        "-d",
        "-h",
        "127.0.0.1",
        "-p",
        str(port),
        str(ROOT / "openapi" / "ewbi.yaml"),
    ]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(url + "/x/partner", timeout=1.0)
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline or process.poll() is not None:
                    pytest.skip("the Prism mock did not start")
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
async def token_server() -> AsyncIterator[str]:
    """Prism serves only the EWBI: the token endpoint is a stand-in that grants any scope."""

    async def token(request: web.Request) -> web.Response:
        form = await request.post()
        scope = form.get("scope", "fed-mgmt")
        return web.json_response({"access_token": "prism-token", "expires_in": 600, "scope": scope})

    app = web.Application()
    app.router.add_post("/oauth2/token", token)
    running = await serve(app)
    yield running.url + "/oauth2/token"
    await running.stop()


async def test_a_dynamic_mock_is_reported_without_a_crash(
    prism: str, token_server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KIT_SECRET", KIT[1])
    argv = [
        "conformance",
        "run",
        "--partner",
        prism,
        "--api-root",
        prism,
        "--token-url",
        token_server,
        "--client-id",
        KIT[0],
        "--client-secret-env",
        "KIT_SECRET",
        "--callback-timeout",
        "1",
        "--json",
        str(tmp_path / "prism.json"),
    ]
    code = await asyncio.to_thread(cli.main, argv)
    assert code == 1
    report = json.loads((tmp_path / "prism.json").read_text())
    failed = [r for r in report["results"] if r["status"] == "fail"]
    assert failed
    for result in failed:
        assert result["findings"], result["name"]
        for finding in result["findings"]:
            assert finding["rule"] and finding["path"].startswith("$"), finding
            assert finding["message"].startswith(finding["path"] + ": " + finding["rule"])
            assert finding["actual"] is not None or finding["rule"] == "callback-missing", finding
    located = [f for r in failed for f in r["findings"] if f["rule"] == "header-value:Location"]
    for finding in located:  # the made-up Location is named as it was sent
        assert finding["actual"] in json.dumps(report)
