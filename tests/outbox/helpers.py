"""A receiver on loopback that records what it is sent, and polling helpers."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from sqlmodel import col, select

from op_platform.db.tables.outbox_rows import OutboxMessage
from op_platform.keys import PLATFORM
from op_platform.outbox import enqueue
from tests.helpers.servers import Running, RunningOp, free_port, serve

FAST = {
    "poll_interval": 0.05,
    "base_delay": 0.05,
    "max_delay": 0.4,
    "lease_seconds": 10.0,
    "breaker_threshold": 1000,
}


@dataclass
class Receiver:
    """Answers ``status`` (or the next of ``script``) and records every request."""

    port: int = field(default_factory=free_port)
    status: int = 204
    script: list[int] = field(default_factory=list)
    received: list[dict[str, Any]] = field(default_factory=list)
    running: Running | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def _handle(self, request: web.Request) -> web.Response:
        raw = await request.read()
        self.received.append(
            {
                "method": request.method,
                "path": request.path,
                "headers": dict(request.headers),
                "body": json.loads(raw) if raw else None,
            }
        )
        status = self.script.pop(0) if self.script else self.status
        if status == 204:
            return web.Response(status=204)
        return web.json_response({"status": status, "detail": "scripted"}, status=status)

    async def start(self) -> Receiver:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self.running = await serve(app, self.port)
        return self

    async def stop(self) -> None:
        if self.running is not None:
            await self.running.stop()
            self.running = None

    def numbers(self) -> list[int]:
        return [item["body"]["n"] for item in self.received if item["body"]]


async def eventually(
    check: Callable[[], Awaitable[bool]] | Callable[[], bool],
    *,
    within: float = 30.0,
    what: str = "condition",
) -> None:
    """Poll ``check`` until it is true; generous deadline, no timing assertions."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while True:
        result = check()
        if not isinstance(result, bool):
            result = await result
        if result:
            return
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.05)


async def put(op: RunningOp, url: str, n: int, **options: Any) -> OutboxMessage:
    async with op.app[PLATFORM].database.transaction() as session:
        return await enqueue(
            session,
            kind=options.pop("kind", "test.call"),
            method="POST",
            url=url,
            body={"n": n},
            **options,
        )


async def messages(op: RunningOp, status: str | None = None) -> list[OutboxMessage]:
    async with op.app[PLATFORM].database.transaction() as session:
        query = select(OutboxMessage).order_by(col(OutboxMessage.created_at))
        if status is not None:
            query = query.where(OutboxMessage.status == status)
        return list((await session.exec(query)).all())


async def all_delivered(op: RunningOp, count: int) -> bool:
    return len(await messages(op, "delivered")) == count


async def serve_handler(handle: Callable[[web.Request], Awaitable[web.Response]]) -> Running:
    """A loopback server answering every POST with ``handle``."""
    app = web.Application()
    app.router.add_post("/{tail:.*}", handle)
    return await serve(app, free_port())
