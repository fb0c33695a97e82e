"""Fixtures of the NBI tests: an OP with two app providers and an HTTPS sink it trusts."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.helpers.servers import RunningOp
from tests.nbi.helpers import Sink, clients


@pytest.fixture
async def sink(tmp_path: Path) -> AsyncIterator[Sink]:
    receiver = await Sink(tmp_path).start()
    yield receiver
    await receiver.stop()


@pytest.fixture
async def sink_http(sink: Sink) -> AsyncIterator[httpx.AsyncClient]:
    async with sink.client() as client:
        yield client


@pytest.fixture
async def nbi_op(
    start_ops: Callable[..., Awaitable[RunningOp]], sink_http: httpx.AsyncClient
) -> RunningOp:
    overrides: dict[str, Any] = {
        "clients": clients(),
        "outbox": {"poll_interval": 0.2, "base_delay": 0.1, "max_delay": 0.5},
        "instances": {"poll_interval": 0.1, "deploy_seconds": 0.2, "terminate_seconds": 0.2},
    }
    return await start_ops(operator_id="op-nbi", http=sink_http, **overrides)
