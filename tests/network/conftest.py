"""Fixtures of the SBI-NR tests: a NEF mock and an OP that is its AF."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import httpx
import pytest

from mec_mocks.testing import Servers
from tests.helpers.servers import RunningOp
from tests.network.helpers import NefLab, nef_lab, recording_client


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
