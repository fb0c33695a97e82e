"""Helpers to run the mocks on loopback in tests and in-process demos: start servers on free
ports, poll with generous deadlines, build sample packages and serve them over loopback HTTP.

MEOs and NEFs started here allow-list loopback (:meth:`perimeter.Policy.loopback`), as a lab on one
machine must; ``file://`` package paths stay refused unless a test passes
``allow_file_urls=True``."""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from aiohttp import web

from mec_mocks.common.outbox import OutboxConfig
from mec_mocks.common.package_format import build_package, sample_appd
from mec_mocks.common.recorder import Recorder
from mec_mocks.common.serving import RunningServer, bind_socket, start_server
from mec_mocks.common.tls import self_signed, server_context
from mec_mocks.edge_site import EdgeSiteConfig
from mec_mocks.edge_site import create_app as create_edge_site
from mec_mocks.meo import MeoConfig, create_app
from mec_mocks.nef import NefConfig
from mec_mocks.nef import create_app as create_nef_app
from perimeter import Policy

DEADLINE = 30.0


def fast_outbox() -> OutboxConfig:
    return OutboxConfig(base_delay=0.05, max_delay=0.4, jitter=0.2, poll_interval=0.2, timeout=5.0)


async def wait_for(
    predicate: Callable[[], Awaitable[Any]],
    *,
    deadline: float = DEADLINE,
    interval: float = 0.05,
    what: str = "condition",
) -> Any:
    """Poll until predicate() returns something truthy; fail after a generous deadline."""
    end = time.monotonic() + deadline
    while True:
        value = await predicate()
        if value:
            return value
        if time.monotonic() > end:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(interval)


@dataclass
class Package:
    path: Path
    data: bytes
    sha256: str
    appd: dict[str, Any]
    url: str | None = None
    """Where a loopback file server offers it (see :func:`folder_app`); else its file:// URL."""

    def create_body(self, *, url: str | None = None, **overrides: Any) -> dict[str, Any]:
        default = self.url or self.path.as_uri()
        body: dict[str, Any] = {
            "appPkgName": self.appd["appName"],
            "appPkgVersion": self.appd["appSoftVersion"],
            "appProvider": self.appd["appProvider"],
            "appPkgPath": url if url is not None else default,
            "checksum": {"algorithm": "SHA-256", "hash": self.sha256},
            "userDefinedData": {"owner": "lab"},
        }
        body.update(overrides)
        return body


def make_package_file(
    tmp_path: Path,
    name: str = "Demo App",
    version: str = "1.0.0",
    provider: str = "ACME",
    fmt: str = "zip",
    base_url: str | None = None,
) -> Package:
    """A sample package written to ``tmp_path``; ``base_url`` is where ``tmp_path`` is served."""
    appd = sample_appd(name, version, provider)
    data = build_package(appd, files={"Artifacts/readme.txt": b"hello"}, fmt=fmt)
    path = tmp_path / f"{name.replace(' ', '_')}-{version}.{fmt}"
    path.write_bytes(data)
    url = f"{base_url.rstrip('/')}/{path.name}" if base_url else None
    return Package(path, data, hashlib.sha256(data).hexdigest(), appd, url)


def folder_app(folder: Path) -> web.Application:
    """Serves the files of ``folder`` (not below it) at ``/NAME``: packages over loopback HTTP."""
    app = web.Application()
    app.router.add_static("/", folder, show_index=False, follow_symlinks=False)
    return app


class Servers:
    """Starts apps on loopback and stops them all at teardown."""

    def __init__(self, tmp_path: Path) -> None:
        self.tmp_path = tmp_path
        self.running: list[RunningServer] = []

    async def start(self, app: Any, port: int = 0) -> RunningServer:
        server = await start_server(app, bind_socket("127.0.0.1", port))
        self.running.append(server)
        return server

    async def meo(
        self,
        network_id: str = "46001",
        *,
        port: int = 0,
        db: str = "meo.db",
        http: httpx.AsyncClient | None = None,
        **overrides: Any,
    ) -> RunningServer:
        """A MEO on loopback; ``overrides`` go to its MeoConfig, ``http`` replaces its client."""
        sock = bind_socket("127.0.0.1", port)
        overrides.setdefault("url_policy", Policy.loopback())
        config = MeoConfig(
            network_id=network_id,
            database=str(self.tmp_path / db),
            port=sock.getsockname()[1],
            outbox=fast_outbox(),
            job_retry_delay=0.2,
            **overrides,
        )
        server = await start_server(create_app(config, http=http), sock)
        self.running.append(server)
        return server

    async def files(self, folder: Path | None = None) -> RunningServer:
        """A loopback HTTP server for the files of ``folder`` (default: the test's tmp_path)."""
        return await self.start(folder_app(folder or self.tmp_path))

    async def nef(self, *, port: int = 0, **overrides: Any) -> RunningServer:
        """A NEF mock (``overrides``: :class:`NefConfig` fields) with fast notification retries."""
        sock = bind_socket("127.0.0.1", port)
        values: dict[str, Any] = {
            "notify_delay": 0.05,
            "notify_max_delay": 0.4,
            "tick": 0.1,
            "url_policy": Policy.loopback(),
        }
        values.update(overrides)
        config = NefConfig(port=sock.getsockname()[1], **values)
        server = await start_server(create_nef_app(config), sock)
        self.running.append(server)
        return server

    async def edge_site(self, *, tls: bool = False, **overrides: Any) -> RunningServer:
        """An edge site on loopback: simulated time moves only by ``advance`` (time_scale 0),
        seed 7, fast event retries; with ``tls``, a self-signed certificate in
        ``tmp_path/edge-tls/cert.pem`` (which is also its CA file)."""
        sock = bind_socket("127.0.0.1", 0)
        settings: dict[str, Any] = {
            "port": sock.getsockname()[1],
            "tls": tls,
            "time_scale": 0.0,
            "seed": 7,
            "event_retry_interval": 0.1,
            "event_timeout": 2.0,
            **overrides,
        }
        context = None
        if tls:
            made = self_signed(self.tmp_path / "edge-tls", "127.0.0.1")
            context = server_context(made.cert, made.key)
        app = create_edge_site(EdgeSiteConfig(**settings))
        server = await start_server(app, sock, ssl_context=context)
        self.running.append(server)
        return server

    async def recorder(
        self, recorder: Recorder | None = None, port: int = 0
    ) -> tuple[Recorder, RunningServer]:
        rec = recorder or Recorder()
        return rec, await self.start(rec.app(), port)

    async def stop(self, server: RunningServer) -> None:
        if server in self.running:
            self.running.remove(server)
            await server.stop()

    async def close(self) -> None:
        for server in reversed(self.running):
            await server.stop()
        self.running.clear()


async def wait_state(
    http: httpx.AsyncClient, url: str, *, onboarded: bool = True
) -> dict[str, Any]:
    """Wait until the package is ONBOARDED (or, with onboarded=False, failed)."""

    async def check() -> dict[str, Any] | None:
        info: dict[str, Any] = (await http.get(url)).json()
        if onboarded and info["onboardingState"] == "ONBOARDED":
            return info
        if not onboarded and "onboardingFailureDetails" in info:
            return info
        assert not (onboarded and "onboardingFailureDetails" in info), info
        return None

    result: dict[str, Any] = await wait_for(check, what=f"package state at {url}")
    return result


def assert_problem(resp: httpx.Response, status: int, *words: str) -> dict[str, Any]:
    """Assert a problem+json answer with the given status whose detail contains ``words``."""
    assert resp.status_code == status, resp.text
    assert resp.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = resp.json()
    assert set(body) >= {"type", "title", "status", "detail", "instance"}
    assert body["status"] == status
    for w in words:
        assert w in body["detail"], body
    return body
