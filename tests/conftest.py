"""Shared fixtures: a database of its own per test, OPs on loopback, an HTTP client."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from op_platform.api.interfaces import Interface
from op_platform.ports import RANGE_ENV, worker_range
from tests.helpers.databases import create_database, drop_database
from tests.helpers.servers import (
    NBI_SCOPES,
    QOD_SCOPES,
    TEST_CLIENT,
    TEST_SECRET,
    TI_SCOPES,
    RunningOp,
    free_port,
    op_settings,
    start_op,
)

OpFactory = Callable[..., Awaitable[RunningOp]]


def pytest_configure(config: pytest.Config) -> None:
    """Parallel workers draw server ports from separate ranges, so that two workers never find
    the same port free and race to bind it; the processes a test starts inherit the range."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    count = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1") or 1)
    if worker.startswith("gw") and RANGE_ENV not in os.environ:
        os.environ[RANGE_ENV] = worker_range(int(worker[2:]), count)


@pytest.fixture
async def database_url(tmp_path: Path) -> AsyncIterator[str]:
    url = await create_database(tmp_path)
    yield url
    await drop_database(url)


@pytest.fixture
async def new_database(tmp_path: Path) -> AsyncIterator[Callable[[str], Awaitable[str]]]:
    """Make more databases in one test (one per OP); all dropped at the end."""
    made: list[str] = []

    async def make(name: str = "op") -> str:
        url = await create_database(tmp_path, name)
        made.append(url)
        return url

    yield make
    for url in made:
        await drop_database(url)


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=10.0) as client:
        yield client


@pytest.fixture
async def start_ops(
    new_database: Callable[[str], Awaitable[str]],
) -> AsyncIterator[OpFactory]:
    """``await start_ops(operator_id="op-a", **settings_overrides)`` -> a running OP."""
    running: list[RunningOp] = []

    async def start(
        operator_id: str = "op-test",
        *,
        http: httpx.AsyncClient | None = None,
        port: int | None = None,
        **overrides: Any,
    ) -> RunningOp:
        url = await new_database(operator_id)
        settings = op_settings(url, port or free_port(), operator_id, **overrides)
        op = await start_op(settings, http=http)
        running.append(op)
        return op

    yield start
    for op in running:
        await op.stop()


@pytest.fixture
async def op(start_ops: OpFactory) -> RunningOp:
    return await start_ops()


INTERFACE_SCOPES = {
    "nbi": " ".join(NBI_SCOPES),
    "uni": "simple-edge-discovery:read",
    "ewbi": "fed-mgmt",
    "ewbi-callbacks": "fed-mgmt",
    "sbi-cr": "sbi-cr",
    "sbi-nr": "sbi-nr",
    "qod": " ".join(QOD_SCOPES),
    "traffic-influence": " ".join(TI_SCOPES),
}


@pytest.fixture
def api_headers(
    http: httpx.AsyncClient,
) -> Callable[[RunningOp, Interface], Awaitable[dict[str, str]]]:
    """Authorization headers good for any operation of an interface of a test OP."""

    async def headers(op: RunningOp, iface: Interface) -> dict[str, str]:
        if iface.name == "sbi-edge":  # a site's event token (the spec walk's site id)
            from op_platform.keys import PLATFORM
            from op_platform.security.edge_events import event_token

            token = event_token(op.app[PLATFORM].settings, "x1234567")
            return {"Authorization": f"Bearer {token}"}
        scope = INTERFACE_SCOPES.get(iface.name)
        if scope is None:
            return {}
        from tests.helpers.auth import bearer, fetch_token

        return bearer(await fetch_token(http, op.url, TEST_CLIENT, TEST_SECRET, scope))

    return headers
