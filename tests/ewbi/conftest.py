"""A callback receiver for the EWBI tests (answers 204 and records what it gets)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.helpers.federation import Recorder


@pytest.fixture
async def recorder() -> AsyncIterator[Recorder]:
    rec = await Recorder().start()
    yield rec
    await rec.stop()
