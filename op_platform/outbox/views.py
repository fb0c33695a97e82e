"""How an outbox message is shown to an operator (the admin API and the federation page):
its delivery state, never its credentials (only the auth reference's kind)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from op_platform.db.tables.outbox_rows import OutboxMessage


def iso_time(value: datetime | None) -> str | None:
    """A UTC timestamp as ISO 8601 with ``Z`` (naive values are UTC)."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def message_view(message: OutboxMessage, *, full: bool = False) -> dict[str, Any]:
    """The operator's view of a message; ``full`` adds headers, body, lease and trace."""
    view: dict[str, Any] = {
        "id": message.id,
        "kind": message.kind,
        "destination": message.destination,
        "method": message.method,
        "url": message.url,
        "status": message.status,
        "attempts": message.attempts,
        "maxAttempts": message.max_attempts,
        "nextAttemptAt": iso_time(message.next_attempt_at),
        "lastStatusCode": message.last_status_code,
        "lastError": message.last_error,
        "createdAt": iso_time(message.created_at),
        "updatedAt": iso_time(message.updated_at),
        "deliveredAt": iso_time(message.delivered_at),
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
            leaseUntil=iso_time(message.lease_until),
            traceparent=message.traceparent,
        )
    return view
