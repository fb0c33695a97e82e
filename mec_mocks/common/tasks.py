"""Stopping background tasks the same way in every mock: cancel them all, then wait for each."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any


async def cancel_all(*tasks: asyncio.Task[Any] | None) -> None:
    """Cancel every task given (None is skipped) and wait until each has ended."""
    live = [t for t in tasks if t is not None]
    for task in live:
        task.cancel()
    for task in live:
        with contextlib.suppress(asyncio.CancelledError):
            await task
