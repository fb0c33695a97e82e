"""Fixtures of the SBI-NR tests: a NEF mock and an OP that is its AF."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import httpx
import pytest

from mec_mocks.common.recorder import Recorder
from mec_mocks.testing import Servers
from tests.helpers.servers import RunningOp
from tests.network.helpers import NefLab, nef_lab, recording_client
from tests.network.qod_helpers import QOD_SETTINGS, Qod, qod_headers


@pytest.fixture
async def servers(tmp_path: Path) -> AsyncIterator[Servers]:
    running = Servers(tmp_path)
    yield running
    await running.close()


@pytest.fixture
def sent() -> list[str]:
    """The operationIds of the requests the OP sent its NEF."""
    return []


@pytest.fixture
async def op_http(sent: list[str]) -> AsyncIterator[httpx.AsyncClient]:
    async with recording_client(sent) as client:
        yield client


@pytest.fixture
async def lab(
    servers: Servers,
    op_http: httpx.AsyncClient,
    sent: list[str],
    start_ops: Callable[..., Awaitable[RunningOp]],
) -> NefLab:
    return await nef_lab(servers, start_ops, op_http, sent)


@pytest.fixture
async def qod(
    http: httpx.AsyncClient,
    servers: Servers,
    op_http: httpx.AsyncClient,
    sent: list[str],
    start_ops: Callable[..., Awaitable[RunningOp]],
) -> Qod:
    """An OP offering Quality-on-Demand over its NEF, with a sink that records events."""
    sink, sink_server = await servers.recorder(Recorder())
    lab = await nef_lab(servers, start_ops, op_http, sent, **QOD_SETTINGS)
    return Qod(lab, sink, sink_server, await qod_headers(http, lab.op.url))
