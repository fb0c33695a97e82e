"""Admin: the outbox (list with counts, one message, retry a dead one)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from aiohttp import web

from op_platform.db.tables.outbox import DEAD, PENDING, STATUSES, OutboxMessage
from op_platform.errors import Conflict, InvalidInput, NotFound
from op_platform.keys import DATABASE, OUTBOX
from op_platform.outbox.repository import OutboxRepository

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000


def _time(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def render(message: OutboxMessage, *, full: bool = False) -> dict[str, Any]:
    """The admin view of a message; never the credentials (only the auth reference's kind)."""
    view: dict[str, Any] = {
        "id": message.id,
        "kind": message.kind,
        "destination": message.destination,
        "method": message.method,
        "url": message.url,
        "status": message.status,
        "attempts": message.attempts,
        "maxAttempts": message.max_attempts,
        "nextAttemptAt": _time(message.next_attempt_at),
        "lastStatusCode": message.last_status_code,
        "lastError": message.last_error,
        "createdAt": _time(message.created_at),
        "updatedAt": _time(message.updated_at),
        "deliveredAt": _time(message.delivered_at),
        "dedupKey": message.dedup_key,
        "correlator": message.correlator,
        "onResult": message.on_result,
        "authKind": (message.auth or {}).get("kind"),
    }
    if full:
        view.update(
            headers=message.headers,
            body=message.body,
            bodyEncoding=message.body_encoding,
            leaseOwner=message.lease_owner,
            leaseUntil=_time(message.lease_until),
            traceparent=message.traceparent,
        )
    return view


def _limit(raw: str | None) -> int:
    if raw is None:
        return DEFAULT_LIMIT
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if not 1 <= value <= MAX_LIMIT:
        raise InvalidInput("invalid limit", params=[("limit", f"an integer from 1 to {MAX_LIMIT}")])
    return value


async def list_messages(request: web.Request) -> web.Response:
    status = request.query.get("status")
    if status is not None and status not in STATUSES:
        raise InvalidInput("invalid status", params=[("status", f"one of {', '.join(STATUSES)}")])
    kind = request.query.get("kind") or None
    limit = _limit(request.query.get("limit"))
    async with request.config_dict[DATABASE].transaction() as session:
        repository = OutboxRepository(session)
        messages = await repository.list(status=status, kind=kind, limit=limit)
        counts = await repository.counts(kind=kind)
    return web.json_response(
        {"counts": counts, "messages": [render(message) for message in messages]}
    )


async def get_message(request: web.Request) -> web.Response:
    message_id = request.match_info["messageId"]
    async with request.config_dict[DATABASE].transaction() as session:
        message = await OutboxRepository(session).get(message_id)
    if message is None:
        raise NotFound(f"no outbox message {message_id}")
    return web.json_response(render(message, full=True))


async def retry_message(request: web.Request) -> web.Response:
    message_id = request.match_info["messageId"]
    async with request.config_dict[DATABASE].transaction() as session:
        repository = OutboxRepository(session)
        message = await repository.get(message_id)
        if message is None:
            raise NotFound(f"no outbox message {message_id}")
        if message.status not in (DEAD, PENDING):
            raise Conflict(
                f"outbox message {message_id} is {message.status}; only dead or pending "
                "messages can be retried",
                cause="not_retryable",
            )
        message = await repository.retry_now(message)
    request.config_dict[OUTBOX].wake()
    return web.json_response(render(message, full=True), status=202)


def setup(admin: web.Application) -> None:
    admin.router.add_get("/outbox", list_messages, name="admin.listOutboxMessages")
    admin.router.add_get("/outbox/{messageId}", get_message, name="admin.getOutboxMessage")
    admin.router.add_post(
        "/outbox/{messageId}/retry", retry_message, name="admin.retryOutboxMessage"
    )
