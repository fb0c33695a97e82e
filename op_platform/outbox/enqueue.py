"""Adding a message to the outbox, inside the caller's transaction.

``enqueue`` never commits: the message becomes visible to the workers when (and only when) the
caller's transaction commits, together with the state change it announces. When it commits, the
in-process workers on the same database are woken up; workers elsewhere find it by polling. When
this process's worker has a free slot, the message is written already leased to it and sent as
soon as the transaction commits (``direct``).
"""

from __future__ import annotations

import base64
import json
import uuid
import weakref
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlsplit

from pydantic import BaseModel
from sqlalchemy import Engine, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, make_transient_to_detached
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from op_platform.clients import call_context as context
from op_platform.db.tables.columns import utcnow
from op_platform.db.tables.outbox_rows import OutboxMessage
from op_platform.outbox.direct import hand_over, take_now

FORBIDDEN_HEADERS = frozenset({"authorization", "cookie", "proxy-authorization"})


class _Default:
    """The default ordering key: the message's destination."""


DESTINATION = _Default()
_WAKERS: weakref.WeakKeyDictionary[Engine, set[Callable[[], None]]] = weakref.WeakKeyDictionary()
_WAKE_FLAG = "op_outbox_wake"


def add_waker(engine: Engine, wake: Callable[[], None]) -> None:
    """Call ``wake`` after every commit that enqueued something on ``engine``."""
    _WAKERS.setdefault(engine, set()).add(wake)


def remove_waker(engine: Engine, wake: Callable[[], None]) -> None:
    _WAKERS.get(engine, set()).discard(wake)


def _after_commit(session: Session) -> None:
    session.info.pop(_WAKE_FLAG, None)
    bind = session.bind
    engine = bind if isinstance(bind, Engine) else getattr(bind, "engine", None)
    if engine is None:
        return
    for wake in list(_WAKERS.get(engine, ())):
        wake()


def _wake_after_commit(session: AsyncSession) -> None:
    sync = session.sync_session
    if not sync.info.get(_WAKE_FLAG):
        sync.info[_WAKE_FLAG] = True
        event.listen(sync, "after_commit", _after_commit, once=True)


def origin(url: str) -> str:
    """``scheme://host[:port]`` of a URL: the default destination of a message."""
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        raise ValueError(f"not an absolute URL: {url!r}")
    return f"{parts.scheme}://{parts.netloc}".lower()


def encode_body(body: Any) -> tuple[str | None, str]:
    """(stored text, encoding) of a body: JSON values, pydantic models, text or bytes."""
    if body is None:
        return None, "none"
    if isinstance(body, (bytes, bytearray)):
        return base64.b64encode(bytes(body)).decode("ascii"), "base64"
    if isinstance(body, str):
        return body, "text"
    if isinstance(body, BaseModel):
        body = body.model_dump(mode="json", by_alias=True, exclude_none=True)
    return json.dumps(body, separators=(",", ":")), "json"


def decode_body(message: OutboxMessage) -> bytes | None:
    if message.body is None or message.body_encoding == "none":
        return None
    if message.body_encoding == "base64":
        return base64.b64decode(message.body)
    return message.body.encode("utf-8")


async def by_dedup_key(session: AsyncSession, dedup_key: str) -> OutboxMessage | None:
    result = await session.exec(select(OutboxMessage).where(OutboxMessage.dedup_key == dedup_key))
    return result.first()


async def enqueue(
    session: AsyncSession,
    *,
    kind: str,
    method: str,
    url: str,
    body: Any,
    destination: str | None = None,
    auth: Mapping[str, Any] | None = None,
    dedup_key: str | None = None,
    headers: Mapping[str, str] | None = None,
    on_result: str | None = None,
    correlator: str | None = None,
    traceparent: str | None = None,
    max_attempts: int | None = None,
    ordering_key: str | _Default | None = DESTINATION,
) -> OutboxMessage:
    """Add an outbound call to the caller's transaction (never commits).

    ``body``: a JSON-able value or pydantic model (sent as JSON, models by alias without nulls),
    ``str`` (sent as is) or ``bytes``. ``destination``: the peer key for ordering and the circuit
    breaker (default: the URL's origin). ``auth``: a reference resolved to credentials at send
    time by the resolver registered for ``auth["kind"]``; ``headers`` must not carry credentials.
    ``dedup_key``: enqueueing again with the same key adds nothing and returns the first message.
    ``correlator``/``traceparent`` default to those of the request being served.
    ``ordering_key``: messages with the same key are sent one at a time in created order (name
    the resource they are about: ``flow:<id>``, ``fed:<context>``, ``instance:<id>``); the default
    is the destination (everything to one peer in order); None: no order at all.
    """
    clean = {str(k): str(v) for k, v in (headers or {}).items()}
    if FORBIDDEN_HEADERS & {k.lower() for k in clean}:
        raise ValueError("outbox headers must not carry credentials; pass an auth reference")
    if auth is not None and "kind" not in auth:
        raise ValueError("an auth reference needs a 'kind'")
    text, encoding = encode_body(body)
    if encoding == "json":
        clean.setdefault("Content-Type", "application/json")
    now = utcnow()
    values: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "kind": kind,
        "destination": destination or origin(url),
        "ordering_key": (destination or origin(url))
        if isinstance(ordering_key, _Default)
        else ordering_key,
        "method": method.upper(),
        "url": url,
        "headers": clean,
        "auth": dict(auth) if auth is not None else None,
        "body": text,
        "body_encoding": encoding,
        "dedup_key": dedup_key,
        "max_attempts": max_attempts,
        "next_attempt_at": now,
        "created_at": now,
        "updated_at": now,
        "correlator": correlator if correlator is not None else context.correlator.get(),
        "traceparent": traceparent if traceparent is not None else context.traceparent.get(),
        "on_result": on_result,
    }
    taker = await take_now(session, values)  # leased to this process's worker, if it can
    try:
        if dedup_key is None:
            message, new = OutboxMessage(**values), True
            session.add(message)
            await session.flush()
        else:
            message, new = await _insert_once(session, values, dedup_key)
    except BaseException:
        if taker is not None:
            taker.release()
        raise
    if taker is not None:
        if new:
            hand_over(session, taker, message)
        else:
            taker.release()
    _wake_after_commit(session)
    return message


async def _insert_once(
    session: AsyncSession, values: dict[str, Any], dedup_key: str
) -> tuple[OutboxMessage, bool]:
    """Insert the message unless one with ``dedup_key`` exists; the message either way, and
    whether it is the one just written. One
    statement when the key is new: the insert says whether it wrote the row, and the row it
    wrote is known without reading it back. A concurrent transaction may insert the same key:
    the database arbitrates (``ON CONFLICT DO NOTHING``)."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    statement = (
        dialect.insert(OutboxMessage)
        .values(**values)
        .on_conflict_do_nothing()
        .returning(OutboxMessage.id)
    )
    inserted = (await session.exec(statement)).first()
    if inserted is None:  # the key was there already: the first message
        found = await by_dedup_key(session, dedup_key)
        if found is None:  # pragma: no cover - a conflicting row exists
            raise RuntimeError(f"outbox message with dedup_key {dedup_key!r} vanished")
        return found, False
    message = OutboxMessage(**values)
    make_transient_to_detached(message)  # the row just written, known to the session as such
    session.add(message)
    return message, True
