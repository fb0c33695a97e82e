"""An OP with a partner client ``op-b`` (scope fed-mgmt) and a client with another scope."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from tests.helpers.loopback import lab_ca, serve
from tests.helpers.servers import RunningOp
from tests.security.data import CLIENTS

__all__ = ["lab_ca", "serve"]


@pytest.fixture
async def sec_op(start_ops: Callable[..., Awaitable[RunningOp]]) -> RunningOp:
    return await start_ops("op-a", clients=CLIENTS)
