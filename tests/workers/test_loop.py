"""The background loop: an idle pass waits ``interval`` or, with ``until_due``, only until the
pass has work again; ``wake()`` runs the next pass at once."""

from __future__ import annotations

import asyncio
import time

from op_platform.workers.loop import Worker


async def test_an_idle_worker_sleeps_until_work_is_due_not_a_whole_interval() -> None:
    passes: list[float] = []
    due_at = time.monotonic() + 0.2

    async def run_pass() -> int:
        passes.append(time.monotonic())
        return 0

    worker = Worker("w", run_pass, 3600, until_due=lambda: max(0.0, due_at - time.monotonic()))
    worker.start()
    try:
        for _ in range(100):
            if any(t >= due_at for t in passes):
                break
            await asyncio.sleep(0.05)
    finally:
        await worker.stop()
    assert any(t >= due_at for t in passes)  # with interval alone it would sleep an hour


async def test_wake_runs_the_next_pass_at_once() -> None:
    ran = asyncio.Event()
    count = 0

    async def run_pass() -> int:
        nonlocal count
        count += 1
        if count == 2:
            ran.set()
        return 0

    worker = Worker("w", run_pass, 3600)
    worker.start()
    try:
        await asyncio.sleep(0.05)
        worker.wake()
        await asyncio.wait_for(ran.wait(), 5)
    finally:
        await worker.stop()
    assert count == 2
