"""Printing a flow's steps as they happen: the OSS's view (steps 1, 2, 3 at the MEO, 9) and
the hops the OPs record (steps 3-8), polled from their admin API."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from typing import Any

import httpx

from mec_mocks.oss.onboard import OnboardEvent
from op_platform.services.flow.trace import hop_view

Emit = Callable[[dict[str, Any]], None]


def oss_step(event: OnboardEvent, meo: str, op: str) -> dict[str, Any] | None:
    """The flow step an OSS observation stands for."""
    subject, value = event.subject, event.value
    if subject == "request":
        step, source, target, action = 1, "oss", meo, f"onboard request ({value})"
    elif subject == "onboardingState":
        step, source, target, action = 2, meo, meo, f"local onboarding {value}"
    elif subject.startswith("forwarding[") and value in {"DELIVERED", "FAILED"}:
        step, source, target, action = 3, meo, op, f"forward to its OP {value}"
    elif subject.startswith("remoteState[") and value in {"ONBOARDED", "FAILED"}:
        step, source, target, action = 9, meo, "oss", f"remote state {value}"
    else:
        return None
    return {
        **hop_view(step, source, target, action, at=event.at, detail=event.detail),
        "source": "oss",
    }


class HopWatcher:
    """Polls the OPs' operations and emits every new hop once."""

    def __init__(self, http: httpx.AsyncClient, urls: list[str], emit: Emit) -> None:
        self.http = http
        self.urls = urls
        self.emit = emit
        self.seen: set[tuple[Any, ...]] = set()
        self.since = time.time()
        self.task: asyncio.Task[None] | None = None

    async def poll(self) -> None:
        for url in self.urls:
            response = await self.http.get(url + "/admin/operations", params={"limit": 50})
            if response.status_code != 200:
                continue
            for operation in reversed(response.json()):
                for hop in operation["hops"]:
                    key = (operation["operationId"], hop["step"], hop["action"], hop["startedAt"])
                    if key in self.seen:
                        continue
                    self.seen.add(key)
                    self.emit({**hop, "operationId": operation["operationId"], "source": "op"})

    async def _run(self) -> None:
        while True:
            with contextlib.suppress(httpx.HTTPError):
                await self.poll()
            await asyncio.sleep(0.05)

    async def prime(self) -> None:
        """Mark every hop recorded so far as seen (they belong to earlier flows)."""
        emit, self.emit = self.emit, lambda hop: None
        try:
            await self.poll()
        finally:
            self.emit = emit

    def start(self) -> None:
        self.task = asyncio.create_task(self._run(), name="hop-watcher")

    async def stop(self) -> None:
        if self.task is not None:
            self.task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.task
        with contextlib.suppress(httpx.HTTPError):
            await self.poll()
