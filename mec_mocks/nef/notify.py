"""Notifications to the AF: POSTed with the injected httpx client, a few retries, in order.

Each subscription has its own FIFO queue and at most one worker: a notification is sent only
after the previous one for the same subscription was delivered or given up, so the AF sees a
subscription's events in the order they happened. Connection errors, timeouts, 408, 429 and
5xx are retried with a doubling delay (``Retry-After`` honoured) up to ``notify_attempts``;
another 4xx is final. Nothing leaves while the NEF is down. The last deliveries are kept for
``GET /admin/notifications``. Queues live in memory: a restart loses what was not sent yet.
"""

from __future__ import annotations

import asyncio
import collections
import logging
import time
from dataclasses import asdict, dataclass, field
from typing import Any

import httpx

from mec_mocks.common.tasks import cancel_all
from mec_mocks.nef.config import NefConfig
from mec_mocks.nef.gate import Gate
from perimeter import DestinationRefused

log = logging.getLogger(__name__)
RETRYABLE = {408, 425, 429}
KEEP = 1000


@dataclass
class Delivery:
    subscription: str
    url: str
    kind: str
    body: dict[str, Any]
    status: str = "PENDING"  # PENDING, DELIVERED, FAILED
    attempts: int = 0
    lastStatus: int | None = None
    lastError: str | None = None
    queuedAt: float = field(default_factory=time.time)

    def view(self) -> dict[str, Any]:
        return asdict(self)


class Notifier:
    def __init__(self, http: httpx.AsyncClient, config: NefConfig, gate: Gate) -> None:
        self.http = http
        self.config = config
        self.gate = gate
        self.log: collections.deque[Delivery] = collections.deque(maxlen=KEEP)
        self._queues: dict[str, collections.deque[Delivery]] = {}
        self._workers: dict[str, asyncio.Task[None]] = {}

    def send(self, subscription: str, url: str, kind: str, body: dict[str, Any]) -> Delivery:
        """Queue one notification for ``subscription`` (returns at once)."""
        item = Delivery(subscription, url, kind, body)
        self.log.append(item)
        self._queues.setdefault(subscription, collections.deque()).append(item)
        if subscription not in self._workers:
            self._workers[subscription] = asyncio.create_task(
                self._work(subscription), name=f"nef-notify-{subscription}"
            )
        return item

    def pending(self) -> int:
        return sum(len(q) for q in self._queues.values())

    async def close(self) -> None:
        await cancel_all(*self._workers.values())
        self._workers.clear()

    async def _work(self, subscription: str) -> None:
        queue = self._queues[subscription]
        try:
            while queue:
                await self._deliver(queue[0])
                queue.popleft()
        finally:
            if not queue:
                self._queues.pop(subscription, None)
            self._workers.pop(subscription, None)

    async def _deliver(self, item: Delivery) -> None:
        delay = self.config.notify_delay
        while True:
            await self.gate.wait_up()
            item.attempts += 1
            wait: float | None = None
            try:
                resp = await self.http.post(
                    item.url, json=item.body, timeout=self.config.notify_timeout
                )
                item.lastStatus = resp.status_code
                if 200 <= resp.status_code < 300:
                    item.status, item.lastError = "DELIVERED", None
                    return
                item.lastError = f"HTTP {resp.status_code}"
                if resp.status_code < 500 and resp.status_code not in RETRYABLE:
                    break
                value = resp.headers.get("Retry-After", "").strip()
                wait = float(value) if value.isdigit() else None
            except DestinationRefused as exc:  # the policy will not change its mind
                item.lastError = str(exc)
                break
            except httpx.HTTPError as exc:
                item.lastError = f"{type(exc).__name__}: {exc}".rstrip(": ")
            if item.attempts >= self.config.notify_attempts:
                break
            await asyncio.sleep(min(max(delay, wait or 0.0), self.config.notify_max_delay))
            delay *= 2
        item.status = "FAILED"
        log.warning(
            "notification %s for %s failed after %d attempts: %s",
            item.kind,
            item.subscription,
            item.attempts,
            item.lastError,
        )
