"""Background tasks run and stopped the same way in every mock: a :class:`Worker` owns one loop,
and stopping cancels every task, then waits for each."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any, ClassVar


async def cancel_all(*tasks: asyncio.Task[Any] | None) -> None:
    """Cancel every task given (None is skipped) and wait until each has ended."""
    live = [t for t in tasks if t is not None]
    for task in live:
        task.cancel()
    for task in live:
        with contextlib.suppress(asyncio.CancelledError):
            await task


class Worker:
    """A component with one background loop: :meth:`start` runs :meth:`_run` as a task (once),
    :meth:`stop` cancels it and waits for it to end."""

    task_name: ClassVar[str] = "worker"
    _task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        raise NotImplementedError

    async def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name=self.task_name)

    async def stop(self) -> None:
        await cancel_all(self._task)
        self._task = None
