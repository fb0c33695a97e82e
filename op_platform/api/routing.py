"""The one shape of a route table: rows of (method, path, handler, operationId).

Every interface's ``routes.py`` is a tuple of :class:`Route` and calls :func:`add_routes`; the
route's name is the operationId of the interface's spec (metrics, scopes and the 501 walk use
it). The EWBI builds its rows from the path helpers' operation list, so a route and the calls
the client makes to it cannot drift.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass

from aiohttp import web

from op_platform.models.ewbi.paths import Route as PathRoute

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    handler: Handler
    name: str


def add_routes(app: web.Application, routes: Iterable[Route]) -> None:
    for route in routes:
        app.router.add_route(route.method, route.path, route.handler, name=route.name)


def from_operations(
    operations: Iterable[PathRoute], handlers: Mapping[str, Handler]
) -> tuple[Route, ...]:
    """Rows for the operations (method, operationId, path template) that have a handler."""
    return tuple(
        Route(op.method, op.template, handlers[op.operation_id], op.operation_id)
        for op in operations
        if op.operation_id in handlers
    )
