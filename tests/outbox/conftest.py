from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.outbox.helpers import Receiver


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    """A receiver that is up."""
    made = await Receiver().start()
    yield made
    await made.stop()


@pytest.fixture
async def down_receiver() -> AsyncIterator[Receiver]:
    """A receiver with a port reserved but nothing listening; ``await start()`` brings it up."""
    made = Receiver()
    yield made
    await made.stop()
