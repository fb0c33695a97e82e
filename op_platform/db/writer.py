"""SQLite's one writer at a time, waited for in the event loop rather than in SQLite.

Every SQLite transaction of the OP begins with ``BEGIN IMMEDIATE`` (see ``db.engine``), so
transactions on one file take turns. Left to SQLite, a transaction that finds the file taken
sleeps in the driver's thread in growing steps (1, 2, 5, 10 ... 25 ms) and notices the release
only at its next try. Within one process the turns are taken here instead: an asyncio lock, handed
to the next waiter the moment a transaction ends. Other processes on the same file (a CLI
command) still meet SQLite's busy timeout, as before.

A transaction opened inside another one of the same task (which SQLite would make wait for
itself) takes no turn: it meets SQLite's busy timeout as it always did. A turn not given within
``BUSY_SECONDS`` fails as SQLite would have: "database is locked", which callers answer with 503.
"""

from __future__ import annotations

import asyncio
import weakref
from dataclasses import dataclass, field

from sqlalchemy import exc as sa_exc

BUSY_SECONDS = 10.0  # as the connections' PRAGMA busy_timeout


class Locked(Exception):
    """The driver-level cause of a turn not given in time."""


@dataclass
class _Turns:
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    holder: asyncio.Task[object] | None = None


class WriterTurns:
    """One turn at a time per event loop (a database object may outlive a loop in tests)."""

    def __init__(self, busy_seconds: float = BUSY_SECONDS) -> None:
        self.busy_seconds = busy_seconds
        self._loops: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Turns] = (
            weakref.WeakKeyDictionary()
        )

    async def take(self) -> _Turns | None:
        """Wait for this task's turn; None when the task already holds one (no second turn)."""
        loop = asyncio.get_running_loop()
        turns = self._loops.get(loop)
        if turns is None:
            turns = self._loops[loop] = _Turns()
        task = asyncio.current_task()
        if task is not None and turns.holder is task:
            return None
        try:
            async with asyncio.timeout(self.busy_seconds):
                await turns.lock.acquire()
        except TimeoutError:
            raise sa_exc.OperationalError(
                "BEGIN IMMEDIATE", None, Locked("database is locked")
            ) from None
        turns.holder = task
        return turns

    @staticmethod
    def give_back(turns: _Turns | None) -> None:
        if turns is None:
            return
        turns.holder = None
        turns.lock.release()
