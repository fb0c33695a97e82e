"""The one place where unbuilt operations answer 501: ``route_unimplemented`` walks a spec after
the interface has added its real routes and gives every operation that is still missing a
handler raising ``NotImplementedYet``."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from op_platform.api.body import read_json
from op_platform.errors import NotImplementedYet
from op_platform.spec_files import json_media_types, load_spec, operation_id, operations, shape


def routed(app: web.Application, prefix: str = "") -> set[tuple[str, str]]:
    """(METHOD, path shape) of every route; ``prefix`` is removed (a mounted sub-app's root)."""
    found = set()
    for route in app.router.routes():
        resource = route.resource
        if resource is not None:
            path = resource.canonical.removeprefix(prefix)
            found.add((route.method.upper(), shape(path)))
    return found


def _unimplemented(name: str, media_types: list[str]) -> Any:
    async def handler(request: web.Request) -> web.StreamResponse:
        if media_types:  # a malformed request is a 400 (or 415) whether or not it is built
            await read_json(request, media_types)
        raise NotImplementedYet(f"operation {name} is not implemented yet")

    return handler


def route_unimplemented(app: web.Application, spec_name: str) -> list[str]:
    """Route every operation of the spec that has no handler; return their operationIds."""
    present = routed(app)
    missing = []
    for method, path, operation in operations(load_spec(spec_name)):
        if (method, shape(path)) not in present:
            name = operation_id(method, path, operation)
            handler = _unimplemented(name, json_media_types(operation))
            app.router.add_route(method, path, handler, name=name)
            missing.append(name)
    return missing
