"""One background loop: run a pass, go again at once while the pass did something, otherwise
wait for ``wake()`` or ``interval`` seconds.

A failing pass is logged and the next one tries again; nothing is lost, because every job keeps
its state in the database and a pass only reads what is due there. Every job of the OP (the
instance lifecycle, the onboarding driver, the NBI instance driver, pool expiry) is one
:class:`Worker` with its own pass.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

log = logging.getLogger(__name__)

Pass = Callable[[], Awaitable[int]]
Delay = Callable[[], float]


class Worker:
    def __init__(
        self, name: str, run_pass: Pass, interval: float, *, until_due: Delay | None = None
    ) -> None:
        self.name = name
        self.run_pass = run_pass  # returns how much it did; > 0 runs the next pass at once
        self.interval = interval
        self.until_due = until_due
        """When set, the wait after an idle pass: seconds until the pass has work again (at
        most ``interval``), so that work due at a given time starts then, not at a tick."""
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def wake(self) -> None:
        self._wake.set()

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._loop(), name=self.name)

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _loop(self) -> None:
        while True:
            self._wake.clear()
            try:
                done = await self.run_pass()
            except Exception:
                log.exception("%s pass failed; retrying", self.name)
                done = 0
            if done:
                continue
            wait = self.interval
            if self.until_due is not None:
                wait = min(wait, self.until_due())
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), wait)
