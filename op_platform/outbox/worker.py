"""The outbox worker: one per running OP, started and stopped by ``op_platform.platform``.

It claims due messages (see ``OutboxRepository``) and sends up to ``concurrency`` at once. Sends
only speak HTTP: each finished send queues its outcome, and the worker's loop records every
queued outcome (with its result handler) and claims the next messages in one transaction, so
that a busy outbox costs one commit per batch, not two per message. It claims up to
``concurrency`` more than it has slots for: those wait in memory, leased, and one starts as soon
as a send finishes, without waiting for the loop's next transaction. One whose lease is half
gone, or whose destination's circuit opened meanwhile, is handed back (pending, the attempt not
counted) by the next transaction instead. The loop wakes up when a transaction that enqueued
something commits in this process, when a send finishes, and otherwise every ``poll_interval``
seconds. A message enqueued in this process while a slot is free
is not claimed at all: its transaction writes it leased to this worker, which sends it as soon as
that transaction commits (``direct``).

Delivery is at least once: a message is sent again only if its worker lost the lease (it crashed,
or a send outlived ``lease_seconds``) before recording the outcome. On shutdown the worker waits
briefly for sends in progress, records what finished and hands the rest back as pending.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import uuid
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import httpx
from sqlmodel.ext.asyncio.session import AsyncSession

from op_platform.db.engine import Database
from op_platform.db.tables.columns import utcnow
from op_platform.db.tables.outbox_rows import DEAD, DELIVERED, PENDING, OutboxMessage
from op_platform.metrics import Metrics
from op_platform.outbox.direct import add_taker, remove_taker
from op_platform.outbox.enqueue import add_waker, remove_waker
from op_platform.outbox.handlers import OutboxHandlers, Outcome
from op_platform.outbox.policy import CircuitBreaker, Verdict, classify, retry_delay
from op_platform.outbox.repository import OutboxRepository, aware
from op_platform.outbox.send import describe, refused, retry_after, send, status_of
from op_platform.settings import OutboxSettings

log = logging.getLogger(__name__)

STOP_GRACE = 5.0
GAUGE_EVERY = 5.0
PRUNE_EVERY = 60.0  # seconds between retention passes (the first runs at start)
PRUNE_BATCH = 1000  # messages deleted per transaction


@dataclass
class Finished:
    """A send's outcome, waiting for the loop to record it."""

    message: OutboxMessage
    outcome: Outcome
    verdict: Verdict
    status: int | None
    values: dict[str, object]


def _unsent(message: OutboxMessage) -> dict[str, object]:
    """A claimed message handed back unsent: pending, due now, the attempt not counted."""
    return {
        "status": PENDING,
        "next_attempt_at": utcnow(),
        "attempts": max(message.attempts - 1, 0),
    }


class OutboxWorker:
    def __init__(
        self,
        database: Database,
        http: httpx.AsyncClient,
        settings: OutboxSettings,
        metrics: Metrics,
        handlers: OutboxHandlers,
        route: Callable[[str], httpx.AsyncClient] | None = None,
    ) -> None:
        """``route``: the client for a message's URL (each peer's TLS); default ``http``."""
        self.handlers = handlers
        self.route = route or (lambda url: http)
        self.database = database
        self.http = http
        self.settings = settings
        self.metrics = metrics
        self.owner = f"{socket.gethostname()[:32]}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.breaker = CircuitBreaker(settings.breaker_threshold, settings.breaker_cooldown)
        self._wake = asyncio.Event()
        self._sends: dict[asyncio.Task[None], OutboxMessage] = {}
        self._ready: deque[OutboxMessage] = deque()  # claimed, waiting for a free slot
        self._handback: list[OutboxMessage] = []  # claimed, not to be sent: back to pending
        self._finished: list[Finished] = []
        self._loop_task: asyncio.Task[None] | None = None
        self._reserved = 0  # slots held for messages whose transaction has not ended yet
        self._settled = asyncio.Event()  # set when no slot is reserved
        self._stopping = False
        self._collecting = False
        self._gauge_at = 0.0
        self._prune_at = 0.0

    def wake(self) -> None:
        self._wake.set()

    @property
    def lease_seconds(self) -> float:
        return self.settings.lease_seconds

    def reserve(self, destination: str) -> bool:
        """A send slot for a message enqueued in a transaction not committed yet (``direct``)."""
        if self._stopping or self._free() <= 0 or destination in self.breaker.held():
            return False
        self._reserved += 1
        self._settled.clear()
        return True

    def _unreserve(self) -> None:
        self._reserved -= 1
        if self._reserved == 0:
            self._settled.set()

    def release(self) -> None:
        self._unreserve()
        self.wake()

    def adopt(self, message: OutboxMessage) -> None:
        """Send a message its transaction leased to this worker and committed. Once a stopping
        worker collects its sends it leaves it: its lease expires and it is claimed again."""
        self._unreserve()
        if not self._collecting:
            self._start_send(message)

    def _start_send(self, message: OutboxMessage) -> None:
        self.breaker.on_claim(message.destination)
        task = asyncio.create_task(self._deliver(message))
        self._sends[task] = message
        task.add_done_callback(self._done)

    async def start(self) -> None:
        add_waker(self.database.engine.sync_engine, self.wake)
        if self.settings.direct_sends:
            add_taker(self.database.engine.sync_engine, self)
        self._loop_task = asyncio.create_task(self._run(), name=f"outbox-{self.owner}")

    async def stop(self) -> None:
        self._stopping = True
        remove_waker(self.database.engine.sync_engine, self.wake)
        remove_taker(self.database.engine.sync_engine, self)
        self.wake()
        if self._loop_task is not None:
            await self._loop_task
            self._loop_task = None
        await self._settle_reservations()
        self._collecting = True  # from here a message adopted is left to its lease
        if self._sends:
            await asyncio.wait(list(self._sends), timeout=STOP_GRACE)
        abandoned = list(self._sends.items())
        for task, _ in abandoned:
            task.cancel()
        if abandoned:
            await asyncio.gather(*(task for task, _ in abandoned), return_exceptions=True)
        self._handback.extend(self._ready)
        self._ready.clear()
        with contextlib.suppress(Exception):  # logged by _step; the leases expire
            await self._step(0)
        if abandoned:
            await self._release([message for _, message in abandoned])

    async def _settle_reservations(self) -> None:
        """Wait (briefly) for the transactions holding a slot to end: a message they commit is
        still sent, and recorded or handed back below, rather than left to its lease."""
        if self._reserved > 0:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._settled.wait(), STOP_GRACE)

    async def _run(self) -> None:
        while not self._stopping:
            self._wake.clear()
            claiming = self._wanted() > 0
            claimed: list[OutboxMessage] = []
            failed = False
            if claiming or self._finished or self._handback:
                try:  # the step claims as many as are wanted once it has recorded
                    claimed = await self._step(None if claiming else 0)
                    await self._sample_gauge()
                    await self._prune()
                except Exception as exc:  # the database is down or busy: try again later
                    log.warning("outbox step failed", extra={"error": type(exc).__name__})
                    failed = True
            self._ready.extend(claimed)
            self._fill()
            if not failed and (self._finished or self._handback or (claimed and self._wanted())):
                continue
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.settings.poll_interval)

    def _free(self) -> int:
        """Send slots free: ``concurrency`` less the sends in progress and those reserved."""
        return max(self.settings.concurrency - len(self._sends) - self._reserved, 0)

    def _wanted(self) -> int:
        """Messages the next claim may take: the free slots, plus ``concurrency`` waiting."""
        held = len(self._sends) + self._reserved + len(self._ready)
        return max(2 * self.settings.concurrency - held, 0)

    def _fill(self) -> None:
        """Start claimed messages while slots are free (none once stopping: the stop hands them
        back); hand back one whose lease is half gone or whose destination is held now."""
        if self._stopping or self._collecting:
            return
        now = utcnow()
        while self._ready and self._free() > 0:
            message = self._ready.popleft()
            if message.destination in self.breaker.held() or self._lease_short(message, now):
                self._handback.append(message)
                self.wake()
            else:
                self._start_send(message)

    def _lease_short(self, message: OutboxMessage, now: datetime) -> bool:
        until = aware(message.lease_until)
        return until is None or (until - now).total_seconds() < self.lease_seconds / 2

    def _done(self, task: asyncio.Task[None]) -> None:
        message = self._sends.pop(task, None)
        if not task.cancelled() and (error := task.exception()) is not None:
            log.error(
                "outbox delivery crashed; the message is retried when its lease expires",
                extra={"message_id": message.id if message else None},
                exc_info=error,
            )
        self._fill()
        self.wake()

    async def _step(self, limit: int | None = None) -> list[OutboxMessage]:
        """Record every finished send, hand back the messages not to be sent, and claim up to
        ``limit`` messages, in one transaction; ``None``: as many as are wanted once the
        outcomes are recorded (sends that finish meanwhile free their slots).

        When the transaction fails, the outcomes and hand-backs stay queued for the next step
        (their leases still hold them; once a lease has expired the outcome is dropped and the
        message is sent again).
        """
        finished, self._finished = self._finished, []
        handback, self._handback = self._handback, []
        held = self.breaker.held()
        recorded_at = utcnow()
        for done in finished:
            if done.verdict is Verdict.DELIVERED:
                done.values["delivered_at"] = recorded_at
        try:
            async with self.database.transaction() as session:
                repository = OutboxRepository(session)
                kept = await repository.finish_many(
                    self.owner,
                    [(done.message.id, done.values) for done in finished]
                    + [(message.id, _unsent(message)) for message in handback],
                )
                for done in finished:
                    if done.message.id in kept:
                        await self._result(session, done)
                if limit is None:
                    limit = self._wanted()
                claimed = (
                    await repository.claim(self.owner, self.settings.lease_seconds, held, limit)
                    if limit > 0
                    else []
                )
        except BaseException:
            self._finished[:0] = finished
            self._handback[:0] = handback
            raise
        for done in finished:
            self._count(done, done.message.id in kept)
        return claimed

    async def _deliver(self, message: OutboxMessage) -> None:
        """Send one message and queue its outcome (no database work here)."""
        outcome: Outcome
        try:
            outcome = await send(message, self.route(message.url), self.handlers)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            outcome = exc
        status = status_of(outcome)
        verdict = classify(status)
        limit = message.max_attempts or self.settings.max_attempts
        if verdict is Verdict.RETRY and (message.attempts >= limit or refused(outcome)):
            verdict = Verdict.DEAD  # given up, or the outbound policy will never allow it
        if status is None or verdict is Verdict.RETRY:
            self.breaker.on_failure(message.destination)
        else:
            self.breaker.on_success(message.destination)
        now = utcnow()
        values: dict[str, object] = {"last_status_code": status, "last_error": describe(outcome)}
        if verdict is Verdict.DELIVERED:
            values.update(status=DELIVERED)  # delivered_at: when the batch is recorded
        elif verdict is Verdict.DEAD:
            values.update(status=DEAD)
        else:
            delay = retry_delay(message.attempts, self.settings, retry_after(outcome))
            values.update(status=PENDING, next_attempt_at=now + timedelta(seconds=delay))
        self._finished.append(Finished(message, outcome, verdict, status, values))

    def _count(self, done: Finished, kept: bool) -> None:
        self._log(done.message, done.verdict, done.status, kept)
        if not kept:
            return
        labels = self.metrics
        {
            Verdict.DELIVERED: labels.outbox_delivered,
            Verdict.RETRY: labels.outbox_retried,
            Verdict.DEAD: labels.outbox_dead,
        }[done.verdict].labels(done.message.kind).inc()

    async def _result(self, session: AsyncSession, done: Finished) -> None:
        """Run a final outcome's result handler in the transaction that records it.

        The handler runs in a savepoint: when it fails, its own changes are rolled back and
        logged, and the message's status is still recorded (a failing handler must not make the
        message be sent again).
        """
        message = done.message
        if done.verdict is Verdict.RETRY or not message.on_result:
            return
        for name, value in done.values.items():
            setattr(message, name, value)
        message.lease_owner = message.lease_until = None
        handler = self.handlers.result(message.on_result)
        if handler is None:
            log.warning(
                "no outbox result handler",
                extra={"message_id": message.id, "on_result": message.on_result},
            )
            return
        try:
            async with session.begin_nested():
                await handler(session, message, done.outcome)
        except Exception:
            log.exception(
                "outbox result handler failed",
                extra={"message_id": message.id, "on_result": message.on_result},
            )

    def _log(
        self, message: OutboxMessage, verdict: Verdict, status: int | None, kept: bool
    ) -> None:
        extra = {
            "message_id": message.id,
            "kind": message.kind,
            "destination": message.destination,
            "attempt": message.attempts,
            "status": status,
            "verdict": str(verdict),
        }
        if not kept:
            log.warning("outbox lease lost before the outcome was recorded", extra=extra)
        elif verdict is Verdict.DEAD:
            log.warning("outbox message dead", extra=extra)
        else:
            log.info("outbox attempt", extra=extra)

    async def _release(self, messages: list[OutboxMessage]) -> None:
        """Hand unfinished sends back (pending, due now, the attempt not counted)."""
        try:
            async with self.database.transaction() as session:
                repository = OutboxRepository(session)
                for message in messages:
                    await repository.finish(
                        message.id,
                        self.owner,
                        status=PENDING,
                        next_attempt_at=utcnow(),
                        attempts=max(message.attempts - 1, 0),
                    )
        except Exception as exc:
            log.warning("outbox leases not released", extra={"error": type(exc).__name__})
        for message in messages:
            self.breaker.on_release(message.destination)

    async def _prune(self) -> None:
        """Delete the messages delivered more than ``keep_delivered`` seconds ago, a batch per
        transaction (replicas doing the same at once delete each row once)."""
        loop = asyncio.get_running_loop()
        if loop.time() < self._prune_at:
            return
        self._prune_at = loop.time() + PRUNE_EVERY
        before = utcnow() - timedelta(seconds=self.settings.keep_delivered)
        gone, total = PRUNE_BATCH, 0
        while gone == PRUNE_BATCH and not self._stopping:
            async with self.database.transaction() as session:
                gone = await OutboxRepository(session).prune_delivered(before, PRUNE_BATCH)
            total += gone
        if total:
            log.info("delivered outbox messages removed", extra={"count": total})

    async def _sample_gauge(self) -> None:
        loop = asyncio.get_running_loop()
        if loop.time() < self._gauge_at:
            return
        self._gauge_at = loop.time() + GAUGE_EVERY
        async with self.database.transaction() as session:
            counts = await OutboxRepository(session).counts()
        for status, count in counts.items():
            self.metrics.outbox_messages.labels(status).set(count)
