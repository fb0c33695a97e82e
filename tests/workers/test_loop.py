"""The background loop: an idle pass waits ``interval`` or, with ``until_due``, only until the
pass has work again; ``wake()`` runs the next pass at once; ``stop()`` ends it between passes."""

from __future__ import annotations

import asyncio
import time

import pytest

from op_platform.workers import loop
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


async def test_stop_lets_the_pass_in_progress_finish() -> None:
    started, release = asyncio.Event(), asyncio.Event()
    finished: list[bool] = []

    async def run_pass() -> int:
        started.set()
        await release.wait()  # a statement in progress
        finished.append(True)
        return 1  # work done: without the stop the next pass would run at once

    worker = Worker("w", run_pass, 3600)
    worker.start()
    await asyncio.wait_for(started.wait(), 5)
    stopping = asyncio.create_task(worker.stop())
    await asyncio.sleep(0.05)
    assert not stopping.done()  # waiting for the pass, not cancelling it
    release.set()
    await asyncio.wait_for(stopping, 5)
    assert finished == [True]  # it finished, and no pass began after the stop


async def test_stop_cancels_a_pass_that_outlives_the_grace(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loop, "STOP_GRACE", 0.05)
    started = asyncio.Event()
    cancelled: list[bool] = []

    async def run_pass() -> int:
        started.set()
        try:
            await asyncio.sleep(3600)
        except asyncio.CancelledError:
            cancelled.append(True)
            raise
        return 0

    worker = Worker("w", run_pass, 3600)
    worker.start()
    await asyncio.wait_for(started.wait(), 5)
    await asyncio.wait_for(worker.stop(), 5)
    assert cancelled == [True]
