"""``Retry-After`` on 429/503: parsed into ``PeerError.retry_after`` and honoured by the outbox."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest
from aiohttp import web

from op_platform.clients.call import PeerError, call, parse_retry_after
from op_platform.outbox.policy import retry_delay
from op_platform.settings import OutboxSettings
from tests.conftest import OpFactory
from tests.helpers.servers import Running, free_port, serve
from tests.outbox.helpers import FAST, all_delivered, eventually, messages, put

NOW = datetime(2025, 3, 1, 12, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        (None, None),
        ("120", 120.0),
        (" 0 ", 0.0),
        (format_datetime(NOW + timedelta(seconds=90), usegmt=True), 90.0),
        ("Sat, 01 Mar 2025 12:00:30 GMT", 30.0),
        (format_datetime(NOW - timedelta(hours=1), usegmt=True), 0.0),
        ("-5", None),
        ("soon", None),
        ("", None),
    ],
)
def test_parse_retry_after(value: str | None, seconds: float | None) -> None:
    assert parse_retry_after(value, now=NOW) == seconds


def test_retry_delay_waits_at_least_what_was_asked_up_to_max_delay() -> None:
    settings = OutboxSettings(base_delay=0.01, max_delay=5.0)
    assert all(retry_delay(1, settings, None) <= 0.01 for _ in range(50))
    assert all(retry_delay(1, settings, 2.0) == 2.0 for _ in range(50))
    assert all(retry_delay(1, settings, 3600.0) == 5.0 for _ in range(50))
    assert all(0.0 <= retry_delay(1, settings, 0.0) <= 0.01 for _ in range(50))


async def test_peer_error_carries_retry_after() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        headers = {"Retry-After": "7"} if request.url.path == "/busy" else {}
        return httpx.Response(503, json={"detail": "busy"}, headers=headers)

    async with httpx.AsyncClient(transport=httpx.MockTransport(answer)) as http:
        with pytest.raises(PeerError) as busy:
            await call(http, "GET", "http://peer.test/busy")
        with pytest.raises(PeerError) as plain:
            await call(http, "GET", "http://peer.test/down")
    assert busy.value.peer_status == 503 and busy.value.retry_after == 7.0
    assert plain.value.retry_after is None


RetryAfter = str | Callable[[], str] | None


@dataclass
class BusyReceiver:
    """Answers each scripted (status, Retry-After) in turn, then 204; records when asked. A
    Retry-After given as a function is made when the request arrives."""

    script: list[tuple[int, RetryAfter]]
    port: int = field(default_factory=free_port)
    seen: list[float] = field(default_factory=list)
    running: Running | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def _handle(self, request: web.Request) -> web.Response:
        await request.read()
        self.seen.append(time.time())
        if not self.script:
            return web.Response(status=204)
        status, retry_after = self.script.pop(0)
        if callable(retry_after):
            retry_after = retry_after()
        headers = {"Retry-After": retry_after} if retry_after is not None else {}
        return web.json_response({"detail": "busy"}, status=status, headers=headers)

    async def __aenter__(self) -> BusyReceiver:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self.running = await serve(app, self.port)
        return self

    async def __aexit__(self, *_: object) -> None:
        if self.running is not None:
            await self.running.stop()


async def test_503_with_retry_after_seconds_delays_the_next_attempt(start_ops: OpFactory) -> None:
    """Without the header the next try would come within ~0.1 s (FAST backoff)."""
    op = await start_ops(outbox={**FAST, "max_delay": 10.0})
    async with BusyReceiver([(503, "2"), (429, "1")]) as receiver:
        await put(op, receiver.url + "/cb", 1)
        await eventually(lambda: all_delivered(op, 1), what="delivery after the waits")
    first, second, third = receiver.seen
    assert second - first >= 2.0 - 0.05
    assert third - second >= 1.0 - 0.05
    [row] = await messages(op)
    assert row.attempts == 3 and row.last_status_code == 204


async def test_503_with_retry_after_date_is_not_retried_before_it(start_ops: OpFactory) -> None:
    """The date is made when the first attempt arrives (3-4 s later, whole seconds as HTTP dates
    have), so that a slow first attempt cannot arrive after it."""
    op = await start_ops(outbox={**FAST, "max_delay": 10.0})
    dates: list[datetime] = []

    def date_soon() -> str:
        dates.append((datetime.now(UTC) + timedelta(seconds=4)).replace(microsecond=0))
        return format_datetime(dates[-1], usegmt=True)

    async with BusyReceiver([(503, date_soon)]) as receiver:
        await put(op, receiver.url + "/cb", 1)
        await eventually(lambda: all_delivered(op, 1), what="delivery after the date")
    first, second = receiver.seen
    [moment] = dates
    assert first < moment.timestamp() - 0.5
    assert second >= moment.timestamp() - 0.05


async def test_retry_after_is_capped_by_max_delay(start_ops: OpFactory) -> None:
    op = await start_ops(outbox={**FAST, "max_delay": 0.5})
    async with BusyReceiver([(503, "3600")]) as receiver:
        await put(op, receiver.url + "/cb", 1)
        await eventually(lambda: all_delivered(op, 1), what="delivery after the capped wait")
    first, second = receiver.seen
    assert second - first >= 0.5 - 0.05
