"""Sending one outbox message: resolve its credentials, make the request, read the outcome.

JSON bodies (and bodiless requests) go through the shared call helper, which adds the bearer token
of a token provider and retries once on 401. Text and binary bodies are sent with the same
headers straight through the httpx client.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import httpx

from op_platform.clients.call import REFUSED, PeerError, call, retry_after_of
from op_platform.clients.outbound_tokens import TokenProvider
from op_platform.db.tables.outbox_rows import OutboxMessage
from op_platform.errors import UpstreamError
from op_platform.outbox.enqueue import decode_body
from op_platform.outbox.handlers import OutboxHandlers, Outcome
from perimeter import DestinationRefused


class AuthUnavailable(Exception):
    """The message's credentials could not be resolved (no resolver, or it failed)."""


def status_of(outcome: Outcome) -> int | None:
    """The HTTP status the receiver answered, if it answered."""
    if isinstance(outcome, httpx.Response):
        return outcome.status_code
    if isinstance(outcome, PeerError):
        return outcome.peer_status
    return None


def refused(outcome: Outcome) -> bool:
    """Whether the outbound policy refused the destination (no retry will change that)."""
    if isinstance(outcome, DestinationRefused):
        return True
    return isinstance(outcome, UpstreamError) and outcome.cause == REFUSED


def retry_after(outcome: Outcome) -> float | None:
    """The seconds the receiver asked us to wait before trying again, if it said."""
    return outcome.retry_after if isinstance(outcome, PeerError) else None


def describe(outcome: Outcome, limit: int = 500) -> str | None:
    """A short text for ``last_error``: the receiver's body excerpt, or the failure."""
    if isinstance(outcome, httpx.Response):
        return None if outcome.is_success else outcome.text[:limit]
    if isinstance(outcome, PeerError):
        body = outcome.peer_body
        text = body if isinstance(body, str) else json.dumps(body, default=str)
        return text[:limit]
    return f"{type(outcome).__name__}: {outcome}"[:limit]


async def _credentials(
    message: OutboxMessage, handlers: OutboxHandlers
) -> tuple[dict[str, str], TokenProvider | None]:
    if not message.auth:
        return {}, None
    kind = str(message.auth.get("kind"))
    resolver = handlers.auth(kind)
    if resolver is None:
        raise AuthUnavailable(f"no auth resolver registered for kind {kind!r}")
    try:
        found: Any = await resolver(message.auth)
    except Exception as exc:
        raise AuthUnavailable(f"auth resolver {kind!r} failed: {type(exc).__name__}") from exc
    if isinstance(found, TokenProvider):
        return {}, found
    if isinstance(found, Mapping):
        return {str(k): str(v) for k, v in found.items()}, None
    raise AuthUnavailable(f"auth resolver {kind!r} returned {type(found).__name__}")


async def send(
    message: OutboxMessage,
    http: httpx.AsyncClient,
    handlers: OutboxHandlers,
) -> httpx.Response:
    """Send once. Returns the receiver's response or raises (``PeerError`` for 4xx/5xx)."""
    extra, tokens = await _credentials(message, handlers)
    headers = {**message.headers, **extra}
    if message.correlator:
        headers.setdefault("x-correlator", message.correlator)
    if message.traceparent:
        headers.setdefault("traceparent", message.traceparent)
    if message.body_encoding in ("json", "none"):
        if message.body is None:
            headers.pop("Content-Type", None)
        return await call(  # the JSON text as stored (its Content-Type header with it)
            http,
            message.method,
            message.url,
            tokens=tokens,
            content=decode_body(message),
            headers=headers,
        )
    if tokens is not None:
        headers["Authorization"] = f"Bearer {await tokens.token()}"
    response = await http.request(
        message.method, message.url, content=decode_body(message), headers=headers
    )
    if response.status_code >= 400:
        raise PeerError(
            f"{message.method} {message.url} answered {response.status_code}",
            peer_status=response.status_code,
            peer_body=response.text[:2000],
            retry_after=retry_after_of(response),
        )
    return response
