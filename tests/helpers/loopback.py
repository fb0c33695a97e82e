"""Fixtures shared by the perimeter and certificate tests: aiohttp apps on loopback (plain or
TLS) and a lab CA. Imported by the conftest.py files that use them."""

from __future__ import annotations

import ssl
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest
from aiohttp import web

from op_platform.ports import free_port
from op_platform.security import certs

Serve = Callable[..., Awaitable[int]]


@pytest.fixture
async def serve() -> AsyncIterator[Serve]:
    """``port = await serve(app, ssl_context=None)``: the app on 127.0.0.1, stopped at the end."""
    runners: list[web.AppRunner] = []

    async def start(app: web.Application, ssl_context: ssl.SSLContext | None = None) -> int:
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await runner.setup()
        runners.append(runner)
        port = free_port()
        await web.TCPSite(runner, "127.0.0.1", port, ssl_context=ssl_context).start()
        return port

    yield start
    for runner in reversed(runners):
        await runner.cleanup()


@pytest.fixture
def lab_ca(tmp_path: Path) -> certs.CaFiles:
    return certs.make_ca(tmp_path / "pki", "Test CA")
