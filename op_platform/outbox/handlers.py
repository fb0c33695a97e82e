"""What the rest of the OP plugs into its outbox: credential resolvers and result handlers.

One :class:`OutboxHandlers` belongs to one running OP and is filled in one place
(``op_platform.wiring``). A message stores only the names it needs (``auth["kind"]``,
``on_result``), because it may be delivered by another process later; the names are looked up
here at delivery time.

An auth resolver ``async fn(ref) -> credentials`` turns a stored reference such as
``{"kind": "partner", "id": "op-b"}`` into either a mapping of headers to add (for example
``{"Authorization": "Bearer ..."}``) or a token provider handed to the shared call helper as
``tokens=`` (it fetches, caches and refreshes tokens, and retries once on 401).

A result handler ``async fn(session, message, outcome)`` runs once a message is delivered or
dead, in the same transaction that records the message's final status, so that a crash never
leaves one without the other. ``outcome`` is the 2xx/3xx ``httpx.Response`` received, or the
exception that ended the last attempt: a ``clients.call.PeerError`` (``peer_status``,
``peer_body``) when the receiver answered 4xx/5xx, ``Unavailable`` when it did not answer.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import httpx
from sqlmodel.ext.asyncio.session import AsyncSession

from op_platform.clients.outbound_tokens import TokenProvider
from op_platform.db.tables.outbox_rows import OutboxMessage

Credentials = Mapping[str, str] | TokenProvider
AuthResolver = Callable[[Mapping[str, Any]], Awaitable[Credentials]]
Outcome = httpx.Response | BaseException
ResultHandler = Callable[[AsyncSession, OutboxMessage, Outcome], Awaitable[None]]


class OutboxHandlers:
    """The auth resolvers and result handlers of one OP, by name."""

    def __init__(self) -> None:
        self._auth: dict[str, AuthResolver] = {}
        self._results: dict[str, ResultHandler] = {}

    def add_auth(self, kind: str, resolver: AuthResolver) -> None:
        """Resolve ``auth={"kind": kind, ...}`` references with ``resolver``."""
        if kind in self._auth:
            raise ValueError(f"an auth resolver for {kind!r} is already registered")
        self._auth[kind] = resolver

    def add_result(self, name: str, handler: ResultHandler) -> None:
        """Call ``handler`` when a message with ``on_result=name`` is delivered or dead."""
        if name in self._results:
            raise ValueError(f"a result handler for {name!r} is already registered")
        self._results[name] = handler

    def auth(self, kind: str) -> AuthResolver | None:
        return self._auth.get(kind)

    def result(self, name: str) -> ResultHandler | None:
        return self._results.get(name)
