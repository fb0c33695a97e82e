"""Fixtures of the NEF mock tests: a running NEF, an AF with a token, a notification sink."""

from __future__ import annotations

import httpx
import pytest

from mec_mocks.common.recorder import Recorder
from mec_mocks.testing import Servers
from tests.mec_mocks.nef.helpers import Af, make_af, start_nef


@pytest.fixture
async def af(servers: Servers, http: httpx.AsyncClient) -> Af:
    nef = await start_nef(servers)
    return await make_af(http, nef.url)


@pytest.fixture
async def sink(servers: Servers) -> tuple[Recorder, str]:
    """A receiver for notifications and its base URL."""
    rec, server = await servers.recorder()
    return rec, server.url
