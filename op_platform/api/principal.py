"""The authenticated caller of a request, set by the bearer-token middleware."""

from __future__ import annotations

from aiohttp import web

from op_platform.errors import Unauthenticated
from op_platform.security.jwt_tokens import Principal

PRINCIPAL = web.RequestKey("principal", Principal)

__all__ = ["PRINCIPAL", "Principal", "principal"]


def principal(request: web.Request) -> Principal:
    """The caller of this request; ``Unauthenticated`` when no middleware authenticated it."""
    found = request.get(PRINCIPAL)
    if not isinstance(found, Principal):
        raise Unauthenticated("this request carries no authenticated caller")
    return found
