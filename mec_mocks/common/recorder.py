"""A tiny HTTP receiver that records every POST it gets: a stand-in for a subscriber or an OP in
tests and demos. Answers ``status`` (default 204) or, for a JSON object in ``reply``, 201 + it."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: Any


@dataclass
class Recorder:
    status: int = 204
    reply: dict[str, Any] | None = None
    received: list[Received] = field(default_factory=list)

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_route("POST", "/{tail:.*}", self._handle)
        return app

    async def _handle(self, request: web.Request) -> web.Response:
        raw = await request.read()
        try:
            body: Any = json.loads(raw) if raw else None
        except ValueError:
            body = raw.decode(errors="replace")
        self.received.append(Received(request.path, dict(request.headers), body))
        if self.reply is not None and 200 <= self.status < 300:
            return web.json_response(self.reply, status=self.status)
        return web.Response(status=self.status)

    def bodies(self, path: str | None = None) -> list[Any]:
        return [r.body for r in self.received if path is None or r.path == path]

    def of_type(self, notification_type: str) -> list[Any]:
        return [
            b
            for b in self.bodies()
            if isinstance(b, dict) and b.get("notificationType") == notification_type
        ]
