"""The gateway's EventService: turns what the BMCs report into Redfish ``Event`` payloads and
pushes them to each subscription that wants them.

Each subscription has its own queue and worker, so events reach a subscriber in the order they
happened. A push that fails (no connection, timeout, non-2xx) is tried again every
``retry_interval`` seconds, ``retry_attempts`` more times; then, under
``TerminateAfterRetries``, the subscription is deleted, and under ``RetryForever`` the worker
keeps trying. While the gateway's link is down (admin fault), nothing is sent and no attempt is
counted: events wait in the queue.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from mec_mocks.edge_site import paths
from mec_mocks.edge_site import registry as r
from mec_mocks.edge_site.errors import NotFound
from mec_mocks.edge_site.model import Occurrence
from mec_mocks.edge_site.subscriptions import Subscription

log = logging.getLogger(__name__)

EVENT_TYPE = "#Event.v1_13_0.Event"


@dataclass
class RetryPolicy:
    attempts: int = 3
    interval: float = 5.0


@dataclass
class _Worker:
    subscription: Subscription
    queue: asyncio.Queue[dict[str, Any]] = field(default_factory=asyncio.Queue)
    task: asyncio.Task[None] | None = None


class EventService:
    def __init__(
        self,
        timestamp: Callable[[], str],
        link_up: Callable[[], bool],
        *,
        retry: RetryPolicy | None = None,
        timeout: float = 5.0,
        history: int = 200,
    ) -> None:
        self.timestamp = timestamp
        self.link_up = link_up
        self.retry = retry or RetryPolicy()
        self.enabled = True
        self.recent: deque[dict[str, Any]] = deque(maxlen=history)
        """The last events raised (for the admin API), delivered or not."""
        self._workers: dict[str, _Worker] = {}
        self._ids = itertools.count(1)
        self._event_ids = itertools.count(1)
        self._timeout = timeout
        self._clients: dict[bool, httpx.AsyncClient] = {}

    # -- subscriptions ------------------------------------------------------------------------
    def next_id(self) -> str:
        return str(next(self._ids))

    def subscriptions(self) -> list[Subscription]:
        return [w.subscription for w in self._workers.values()]

    def get(self, subscription_id: str) -> Subscription:
        worker = self._workers.get(subscription_id)
        if worker is None:
            raise NotFound(args=(paths.subscription(subscription_id),))
        return worker.subscription

    def add(self, subscription: Subscription) -> None:
        worker = _Worker(subscription)
        worker.task = asyncio.create_task(self._deliver(worker), name=f"events-{subscription.id}")
        self._workers[subscription.id] = worker

    async def remove(self, subscription_id: str) -> None:
        self.get(subscription_id)
        worker = self._workers.pop(subscription_id)
        await _cancel(worker.task)

    # -- events -------------------------------------------------------------------------------
    def record(self, occ: Occurrence, member: int, group: int) -> dict[str, Any]:
        known = occ.message_id in r.ENTRIES
        sev = occ.severity or (r.severity(occ.message_id) if known else "OK")
        text = occ.message or (r.render(occ.message_id, occ.args) if known else "")
        return {
            "MemberId": str(member),
            "EventId": str(next(self._event_ids)),
            "EventGroupId": group,
            "EventType": occ.event_type,
            "EventTimestamp": self.timestamp(),
            "MessageId": occ.message_id,
            "Message": text,
            "MessageArgs": [str(a) for a in occ.args],
            "Severity": sev,
            "MessageSeverity": sev,
            "OriginOfCondition": {"@odata.id": occ.origin},
        }

    def publish(self, occurrences: list[Occurrence]) -> int:
        """Queue ``occurrences`` (one group) for every subscription that wants some of them."""
        if not occurrences:
            return 0
        group = next(self._event_ids)
        records = [(o, self.record(o, i, group)) for i, o in enumerate(occurrences)]
        self.recent.extend(rec for _, rec in records)
        if not self.enabled:
            return 0
        queued = 0
        for worker in self._workers.values():
            sub = worker.subscription
            wanted = [rec for occ, rec in records if sub.wants(occ)]
            if wanted:
                worker.queue.put_nowait(self._payload(sub, wanted))
                queued += 1
        return queued

    def _payload(self, sub: Subscription, records: list[dict[str, Any]]) -> dict[str, Any]:
        body: dict[str, Any] = {
            "@odata.type": EVENT_TYPE,
            "Id": records[0]["EventId"],
            "Name": "Edge site event",
            "Events": [dict(rec, MemberId=str(i)) for i, rec in enumerate(records)],
        }
        if sub.context:
            body["Context"] = sub.context
        return body

    # -- delivery -----------------------------------------------------------------------------
    def _client(self, verify: bool) -> httpx.AsyncClient:
        if verify not in self._clients:
            self._clients[verify] = httpx.AsyncClient(timeout=self._timeout, verify=verify)
        return self._clients[verify]

    async def _push(self, sub: Subscription, body: dict[str, Any]) -> bool:
        headers = {"Content-Type": "application/json", "OData-Version": "4.0", **sub.headers}
        try:
            resp = await self._client(sub.verify_certificate).post(
                sub.destination, json=body, headers=headers
            )
        except httpx.HTTPError as exc:
            log.info("event push to subscription %s failed: %s", sub.id, type(exc).__name__)
            return False
        if 200 <= resp.status_code < 300:
            return True
        log.info("event push to subscription %s answered %s", sub.id, resp.status_code)
        return False

    async def _deliver(self, worker: _Worker) -> None:
        sub = worker.subscription
        while True:
            body = await worker.queue.get()
            failures = 0
            while True:
                if not self.link_up():
                    await asyncio.sleep(0.1)
                    continue
                if await self._push(sub, body):
                    break
                failures += 1
                if sub.retry_policy == "TerminateAfterRetries" and failures > self.retry.attempts:
                    log.warning("subscription %s terminated after %d attempts", sub.id, failures)
                    self._workers.pop(sub.id, None)
                    return
                await asyncio.sleep(self.retry.interval)

    async def close(self) -> None:
        for worker in list(self._workers.values()):
            await _cancel(worker.task)
        self._workers.clear()
        for client in self._clients.values():
            await client.aclose()
        self._clients.clear()


async def _cancel(task: asyncio.Task[None] | None) -> None:
    if task is None or task.done():
        return
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
