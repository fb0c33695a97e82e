"""The one shape of a route table: rows of (method, path, handler, operationId[, scope]).

Every interface's ``routes.py`` is a tuple of :class:`Route` and calls :func:`add_routes`; the
route's name is the operationId of the interface's spec (metrics, scopes and the 501 walk use
it). An interface whose every operation asks for its own scope (the CAMARA APIs) gives it as
the row's ``scope``. The EWBI builds its rows from the path helpers' operation list, so a route
and the calls the client makes to it cannot drift.
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
    scope: str | None = None


def scopes_of(routes: Iterable[Route]) -> str:
    """Every scope the routes ask for, space-separated (what a client of all of them needs)."""
    return " ".join(sorted({route.scope for route in routes if route.scope is not None}))


def add_routes(app: web.Application, routes: Iterable[Route]) -> None:
    """Each row its own named resource, in the table's order, but for rows one after the other
    on the same path, whose GET goes first: aiohttp tries a path's resources in turn, matching
    the path again for each, so reads (the hot requests) are matched once."""
    for route in _reads_first(list(routes)):
        app.router.add_route(route.method, route.path, route.handler, name=route.name)


def _reads_first(routes: list[Route]) -> list[Route]:
    ordered: list[Route] = []
    for route in routes:
        start = len(ordered)
        while start > 0 and ordered[start - 1].path == route.path:
            start -= 1
        while start < len(ordered) and ordered[start].method == "GET":
            start += 1
        if route.method == "GET":
            ordered.insert(start, route)
        else:
            ordered.append(route)
    return ordered


def from_operations(
    operations: Iterable[PathRoute], handlers: Mapping[str, Handler]
) -> tuple[Route, ...]:
    """Rows for the operations (method, operationId, path template) that have a handler."""
    return tuple(
        Route(op.method, op.template, handlers[op.operation_id], op.operation_id)
        for op in operations
        if op.operation_id in handlers
    )
