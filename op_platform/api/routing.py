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


class OperationRoute(web.ResourceRoute):
    """A route named by its own operationId rather than by its resource's name, so that the
    methods of one path share one resource and keep their names."""

    def __init__(
        self, method: str, handler: Handler, resource: web.Resource, operation: str
    ) -> None:
        super().__init__(method, handler, resource)
        self._operation = operation

    @property
    def name(self) -> str | None:
        return self._operation


def add_routes(app: web.Application, routes: Iterable[Route]) -> None:
    """The rows in the table's order; rows one after the other on the same path share one
    resource. aiohttp tries a path's resources in turn and matches the path again for each, so
    a resource per row would match ``/{id}`` once for DELETE before the GET's own match."""
    resource: web.Resource | None = None
    for route in routes:
        if resource is None or resource.canonical != route.path:
            resource = app.router.add_resource(route.path)
        resource.register_route(OperationRoute(route.method, route.handler, resource, route.name))


def from_operations(
    operations: Iterable[PathRoute], handlers: Mapping[str, Handler]
) -> tuple[Route, ...]:
    """Rows for the operations (method, operationId, path template) that have a handler."""
    return tuple(
        Route(op.method, op.template, handlers[op.operation_id], op.operation_id)
        for op in operations
        if op.operation_id in handlers
    )
