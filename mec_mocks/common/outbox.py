"""Durable outbox: outbound HTTP POSTs that must eventually happen.

Each message is a row in the system's SQLite file, inserted in the same transaction as the state
change that caused it. A worker (started and stopped in the app's ``cleanup_ctx``) POSTs due
messages, and retries with exponential backoff and jitter until the receiver answers 2xx.
Receiver answers 408, 429 and 5xx, timeouts and connection errors are retried; any other 4xx (or
3xx), and a destination the outbound URL policy refuses, is a permanent failure. Messages
survive restarts: a message interrupted mid-flight is simply sent again (at-least-once;
receivers are idempotent). Per-kind hooks see every attempt's outcome in the transaction that
records it, so a system can mirror delivery state on its own resources.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
from sqlalchemy import Column, Float, Integer, MetaData, String, Table, Text, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncConnection

from mec_mocks.common.db import Database
from mec_mocks.common.oauth import ClientCredentials
from mec_mocks.common.tasks import Worker
from perimeter import DestinationRefused

log = logging.getLogger(__name__)

PENDING, DELIVERED, FAILED, CANCELLED = "PENDING", "DELIVERED", "FAILED", "CANCELLED"
RETRYABLE_4XX = {408, 425, 429}


def outbox_table(metadata: MetaData) -> Table:
    return Table(
        "outbox",
        metadata,
        Column("id", String, primary_key=True),
        Column("kind", String, nullable=False),
        Column("dedup_key", String, unique=True, nullable=True),
        Column("ref", String, index=True),
        Column("url", Text, nullable=False),
        Column("body", Text, nullable=False),
        Column("headers", Text, nullable=False, default="{}"),
        Column("status", String, nullable=False, index=True),
        Column("attempts", Integer, nullable=False, default=0),
        Column("next_attempt_at", Float, nullable=False),
        Column("last_status", Integer, nullable=True),
        Column("last_error", Text, nullable=True),
        Column("created_at", Float, nullable=False),
        Column("updated_at", Float, nullable=False),
    )


@dataclass
class OutboxConfig:
    """Retry policy. Defaults suit a lab; tests shrink the delays."""

    base_delay: float = 1.0
    max_delay: float = 60.0
    jitter: float = 0.2
    poll_interval: float = 1.0
    timeout: float = 10.0
    max_attempts: int | None = None
    batch: int = 16


@dataclass(frozen=True)
class Message:
    id: str
    kind: str
    url: str
    body: dict[str, Any]
    headers: dict[str, str]
    ref: str | None
    attempts: int


@dataclass(frozen=True)
class Outcome:
    status: str  # PENDING (will retry), DELIVERED or FAILED
    attempts: int
    status_code: int | None = None
    error: str | None = None
    response: Any = None
    next_attempt_at: float | None = None
    at: float = field(default_factory=time.time)


AttemptHook = Callable[[AsyncConnection, Message, Outcome], Awaitable[None]]


def backoff_delay(config: OutboxConfig, attempts: int) -> float:
    base = min(config.max_delay, config.base_delay * (2 ** max(0, attempts - 1)))
    return float(max(0.0, base * (1 + random.uniform(-config.jitter, config.jitter))))


def _retry_after(resp: httpx.Response) -> float | None:
    value = resp.headers.get("Retry-After")
    if value and value.strip().isdigit():
        return float(value.strip())
    return None


class Outbox(Worker):
    task_name = "outbox-worker"

    def __init__(
        self,
        db: Database,
        table: Table,
        http: httpx.AsyncClient,
        config: OutboxConfig | None = None,
        hooks: dict[str, AttemptHook] | None = None,
        credentials: ClientCredentials | None = None,
    ) -> None:
        """``credentials``: a token for the calls to the peer origins it covers (one retry
        with a new token when the peer answers 401)."""
        self.credentials = credentials
        self.db = db
        self.table = table
        self.http = http
        self.config = config or OutboxConfig()
        self.hooks = dict(hooks or {})

    async def enqueue(
        self,
        conn: AsyncConnection,
        *,
        kind: str,
        url: str,
        body: dict[str, Any],
        headers: dict[str, str] | None = None,
        ref: str | None = None,
        dedup_key: str | None = None,
    ) -> bool:
        """Insert a message in the caller's transaction; False if dedup_key already exists."""
        now = time.time()
        stmt = (
            sqlite_insert(self.table)
            .values(
                id=str(uuid.uuid4()),
                kind=kind,
                dedup_key=dedup_key,
                ref=ref,
                url=url,
                body=json.dumps(body),
                headers=json.dumps(headers or {}),
                status=PENDING,
                attempts=0,
                next_attempt_at=now,
                created_at=now,
                updated_at=now,
            )
            .on_conflict_do_nothing(index_elements=["dedup_key"])
        )
        result = await conn.execute(stmt)
        return bool(result.rowcount)

    async def cancel(self, conn: AsyncConnection, *, ref: str) -> None:
        t = self.table
        await conn.execute(
            update(t)
            .where(t.c.ref == ref, t.c.status == PENDING)
            .values(status=CANCELLED, updated_at=time.time())
        )

    async def messages(
        self, *, ref: str | None = None, kind: str | None = None
    ) -> list[dict[str, Any]]:
        t = self.table
        stmt = select(t).order_by(t.c.created_at)
        if ref is not None:
            stmt = stmt.where(t.c.ref == ref)
        if kind is not None:
            stmt = stmt.where(t.c.kind == kind)
        async with self.db.read() as conn:
            rows = (await conn.execute(stmt)).mappings().all()
        return [dict(r) for r in rows]

    # worker -----------------------------------------------------------------------------
    async def _run(self) -> None:
        while not self._stopping:
            # Cleared before reading what is due, never after: a message enqueued (and its
            # wake-up) while the queries run is then either read now or wakes the wait below.
            self._wake.clear()
            try:
                due = await self._due()
                if due:
                    await asyncio.gather(*(self._attempt(m) for m in due))
                    continue
                await self._sleep()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("outbox worker iteration failed")
                await self._idle(self.config.poll_interval)

    async def _sleep(self) -> None:
        t = self.table
        async with self.db.read() as conn:
            next_at = (
                await conn.execute(
                    select(t.c.next_attempt_at)
                    .where(t.c.status == PENDING)
                    .order_by(t.c.next_attempt_at)
                    .limit(1)
                )
            ).scalar()
        timeout = self.config.poll_interval
        if next_at is not None:
            timeout = min(timeout, max(0.0, next_at - time.time()))
        await self._idle(timeout)

    async def _due(self) -> list[Message]:
        t = self.table
        async with self.db.read() as conn:
            rows = (
                (
                    await conn.execute(
                        select(t)
                        .where(t.c.status == PENDING, t.c.next_attempt_at <= time.time())
                        .order_by(t.c.next_attempt_at)
                        .limit(self.config.batch)
                    )
                )
                .mappings()
                .all()
            )
        return [
            Message(
                id=r["id"],
                kind=r["kind"],
                url=r["url"],
                body=json.loads(r["body"]),
                headers=json.loads(r["headers"]),
                ref=r["ref"],
                attempts=r["attempts"],
            )
            for r in rows
        ]

    async def _post(self, msg: Message) -> httpx.Response:
        """POST the message, with a bearer token when the peer is covered by credentials."""
        for attempt in range(2):
            extra = await self.credentials.headers(msg.url) if self.credentials else {}
            resp = await self.http.post(
                msg.url,
                json=msg.body,
                headers={**msg.headers, **extra},
                timeout=self.config.timeout,
            )
            if resp.status_code != 401 or not extra or attempt:
                return resp
            assert self.credentials is not None
            self.credentials.invalidate()
        return resp

    async def _attempt(self, msg: Message) -> None:
        attempts = msg.attempts + 1
        code: int | None = None
        error: str | None = None
        response: Any = None
        retry_after: float | None = None
        refused = False
        try:
            resp = await self._post(msg)
            code = resp.status_code
            response = _summarize(resp)
            retry_after = _retry_after(resp)
            if not 200 <= code < 300:
                error = f"HTTP {code}" + (
                    f": {response['detail']}"
                    if isinstance(response, dict) and isinstance(response.get("detail"), str)
                    else ""
                )
        except DestinationRefused as exc:
            error = str(exc)
            refused = True  # the policy will not change its mind: no retry
        except httpx.HTTPError as exc:
            error = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        if code is not None and 200 <= code < 300:
            status, next_at = DELIVERED, None
        elif refused or (code is not None and code < 500 and code not in RETRYABLE_4XX):
            status, next_at = FAILED, None
        elif self.config.max_attempts is not None and attempts >= self.config.max_attempts:
            status, next_at = FAILED, None
            error = f"gave up after {attempts} attempts; last error: {error}"
        else:
            delay = backoff_delay(self.config, attempts)
            if retry_after is not None:
                delay = max(delay, min(retry_after, self.config.max_delay))
            status, next_at = PENDING, time.time() + delay
        outcome = Outcome(
            status=status,
            attempts=attempts,
            status_code=code,
            error=error,
            response=response,
            next_attempt_at=next_at,
        )
        log.info(
            "outbox %s %s attempt %d -> %s (%s)",
            msg.kind,
            msg.id,
            attempts,
            status,
            code if code is not None else error,
        )
        t = self.table
        async with self.db.transaction() as conn:
            current = (await conn.execute(select(t.c.status).where(t.c.id == msg.id))).scalar()
            if current != PENDING:  # cancelled meanwhile
                return
            await conn.execute(
                update(t)
                .where(t.c.id == msg.id)
                .values(
                    status=status,
                    attempts=attempts,
                    last_status=code,
                    last_error=error,
                    next_attempt_at=next_at if next_at is not None else time.time(),
                    updated_at=time.time(),
                )
            )
            hook = self.hooks.get(msg.kind)
            if hook is not None:
                await hook(conn, msg, outcome)


def _summarize(resp: httpx.Response) -> Any:
    """Keep a small parsed JSON response (for hooks), never the raw bytes."""
    if len(resp.content) > 65536 or "json" not in resp.headers.get("content-type", ""):
        return None
    try:
        return resp.json()
    except ValueError:
        return None
