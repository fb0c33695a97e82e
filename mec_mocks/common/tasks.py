"""Background tasks run and stopped the same way in every mock: a :class:`Worker` owns one loop,
and stopping ends it between passes.

Why not cancel at once: a task cancelled in the middle of a database statement makes SQLAlchemy
terminate its aiosqlite connection without waiting for aiosqlite's thread. The app then disposes
the engine, the event loop may close, and the thread, finishing its statement, hands the result
to a closed loop (``RuntimeError: Event loop is closed`` in that thread). So a stopping task may
first finish what it is doing, for up to :data:`STOP_GRACE` seconds, and is cancelled only then.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any, ClassVar

STOP_GRACE = 2.0  # seconds a stopping task may take to finish the pass or job in progress


async def cancel_all(*tasks: asyncio.Task[Any] | None) -> None:
    """Cancel every task given (None is skipped) and wait until each has ended."""
    live = [t for t in tasks if t is not None]
    for task in live:
        task.cancel()
    for task in live:
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def finish(*tasks: asyncio.Task[Any] | None) -> None:
    """Let the tasks end by themselves for up to :data:`STOP_GRACE` seconds, then cancel those
    still running and wait for them (None is skipped)."""
    live = {t for t in tasks if t is not None}
    if live:
        await asyncio.wait(live, timeout=STOP_GRACE)
    await cancel_all(*live)  # a no-op for the tasks that have ended


class Worker:
    """A component with one background loop: :meth:`start` runs :meth:`_run` as a task (once),
    :meth:`stop` ends it between passes (see the module docstring).

    ``_run`` loops ``while not self._stopping``, clears ``_wake`` before each pass and waits
    between passes with :meth:`_idle`, which :meth:`wake` and :meth:`stop` cut short."""

    task_name: ClassVar[str] = "worker"
    _task: asyncio.Task[None] | None = None
    _stopping: bool = False
    _wake_event: asyncio.Event | None = None

    @property
    def _wake(self) -> asyncio.Event:
        # made on first use: subclasses are dataclasses or have their own __init__
        if self._wake_event is None:
            self._wake_event = asyncio.Event()
        return self._wake_event

    def wake(self) -> None:
        """Run the next pass now rather than after the idle wait."""
        self._wake.set()

    async def _idle(self, seconds: float) -> None:
        """The wait between passes: ``seconds``, or less when woken or stopped."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), seconds)

    async def _run(self) -> None:
        raise NotImplementedError

    async def start(self) -> None:
        if self._task is None:
            self._stopping = False
            self._task = asyncio.create_task(self._run(), name=self.task_name)

    async def stop(self) -> None:
        """End the loop between passes: a pass in progress may finish (up to STOP_GRACE
        seconds) rather than be cancelled in the middle of a statement."""
        task, self._task = self._task, None
        if task is None:
            return
        self._stopping = True
        self._wake.set()
        await finish(task)
