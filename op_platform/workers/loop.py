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

STOP_GRACE = 2.0  # seconds a stopping worker lets the pass in progress finish

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
        self._stopping = False

    def wake(self) -> None:
        self._wake.set()

    def start(self) -> None:
        if self._task is None:
            self._stopping = False
            self._task = asyncio.create_task(self._loop(), name=self.name)

    async def stop(self) -> None:
        """End the loop between passes: a pass in progress may finish (up to STOP_GRACE
        seconds) rather than be cancelled in the middle of a statement, which would leave its
        database connection to be torn down while the driver still works on it."""
        task, self._task = self._task, None
        if task is None:
            return
        self._stopping = True
        self._wake.set()
        await asyncio.wait({task}, timeout=STOP_GRACE)
        task.cancel()  # a no-op when the loop ended by itself
        with contextlib.suppress(asyncio.CancelledError):
            await task

    async def _loop(self) -> None:
        while not self._stopping:
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
