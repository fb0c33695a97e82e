"""What other code plugs into the outbox: credential resolvers and result handlers.

Both are registered by name, at import time of the module that owns them, because a message stores
only the name (``auth["kind"]``, ``on_result``) and may be delivered by another process later.

An auth resolver ``async fn(ref, app) -> credentials`` turns a stored reference such as
``{"kind": "partner", "id": "op-b"}`` into either a mapping of headers to add (for example
``{"Authorization": "Bearer ..."}``) or a token provider handed to the shared call helper as
``tokens=`` (it fetches, caches and refreshes tokens, and retries once on 401).

A result handler ``async fn(app, message, outcome)`` runs once a message is delivered or dead, in
its own transaction opened by the handler; ``outcome`` is the 2xx/3xx ``httpx.Response`` received,
or the exception that ended the last attempt: a ``clients.call.PeerError`` (``peer_status``,
``peer_body``) when the receiver answered 4xx/5xx, ``Unavailable`` when it did not answer. A failing
handler is logged and does not change the message.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Any

import httpx

from op_platform.clients.tokens import TokenProvider
from op_platform.db.tables.outbox import OutboxMessage

if TYPE_CHECKING:
    from aiohttp import web

Credentials = Mapping[str, str] | TokenProvider
AuthResolver = Callable[[Mapping[str, Any], "web.Application"], Awaitable[Credentials]]
Outcome = httpx.Response | BaseException
ResultHandler = Callable[["web.Application", OutboxMessage, Outcome], Awaitable[None]]

_AUTH: dict[str, AuthResolver] = {}
_RESULTS: dict[str, ResultHandler] = {}


def register_auth_resolver(kind: str, resolver: AuthResolver) -> None:
    """Resolve ``auth={"kind": kind, ...}`` references with ``resolver`` (last one wins)."""
    _AUTH[kind] = resolver


def register_result_handler(name: str, handler: ResultHandler) -> None:
    """Call ``handler`` after a message with ``on_result=name`` is delivered or dead."""
    _RESULTS[name] = handler


def auth_resolver(kind: str) -> AuthResolver | None:
    return _AUTH.get(kind)


def result_handler(name: str) -> ResultHandler | None:
    return _RESULTS.get(name)
