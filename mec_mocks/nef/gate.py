"""The NEF's "down" switch: while down, every northbound API answers 503 with ``Retry-After``
(so a caller's outbox retries) and no notification leaves. The token endpoint, the admin API
and ``/healthz`` stay up: they are not the NEF's service."""

from __future__ import annotations

import asyncio
import contextlib
import math
import time
from typing import Any

from aiohttp import web

from mec_mocks.common.http import Handler
from mec_mocks.nef.paths import is_api
from mec_mocks.nef.problems import NefProblem

DEFAULT_RETRY_AFTER = 5


class Gate:
    def __init__(self) -> None:
        self._down = False
        self._until: float | None = None
        self._changed = asyncio.Event()

    def down(self, seconds: float | None = None) -> None:
        """Go down, for ``seconds`` or until :meth:`up`."""
        self._down = True
        self._until = time.monotonic() + seconds if seconds is not None else None
        self._changed.set()

    def up(self) -> None:
        self._down = False
        self._until = None
        self._changed.set()

    def is_down(self) -> bool:
        if self._down and self._until is not None and time.monotonic() >= self._until:
            self.up()
        return self._down

    def retry_after(self) -> int:
        if self._until is None:
            return DEFAULT_RETRY_AFTER
        return max(1, math.ceil(self._until - time.monotonic()))

    def status(self) -> dict[str, Any]:
        down = self.is_down()
        return {"down": down, "retryAfter": self.retry_after() if down else None}

    async def wait_up(self, poll: float = 0.2) -> None:
        while self.is_down():
            self._changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), poll)


def gate_middleware(gate: Gate) -> Any:
    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        if is_api(request.path) and gate.is_down():
            seconds = gate.retry_after()
            raise NefProblem(
                503,
                f"the NEF is down; retry in {seconds} s",
                headers={"Retry-After": str(seconds)},
            )
        return await handler(request)

    return middleware
