"""The project's OpenAPI files, and the one place where unbuilt operations answer 501.

``route_unimplemented`` walks a spec after the interface has added its real routes and gives
every operation that is still missing a handler raising ``NotImplementedYet``.

The files live in the repository's ``openapi/`` folder; ``op_platform/openapi`` links to it, so
they ship inside the package (a wheel carries copies) and are found the same way when installed
from a wheel or in editable mode.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from aiohttp import web

from op_platform.api.body import read_json
from op_platform.errors import NotImplementedYet

OPENAPI_DIR = Path(__file__).resolve().parents[1] / "openapi"
METHODS = ("get", "put", "post", "delete", "patch", "head", "options")
_PARAM = re.compile(r"\{[^}]+\}")


def spec_names() -> list[str]:
    return sorted(path.stem for path in OPENAPI_DIR.glob("*.yaml"))


@cache
def load_spec(name: str) -> dict[str, Any]:
    path = OPENAPI_DIR / f"{name}.yaml"
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    return data if isinstance(data, dict) else {}


def operations(spec: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(METHOD, path template, operation object) of every operation in a spec."""
    for path, item in (spec.get("paths") or {}).items():
        for method in METHODS:
            operation = item.get(method)
            if isinstance(operation, dict):
                yield method.upper(), path, operation


def operation_id(method: str, path: str, operation: dict[str, Any]) -> str:
    name = operation.get("operationId") or f"{method}_{path}"
    return re.sub(r"[^A-Za-z0-9_]+", "_", str(name)).strip("_")


def json_media_types(operation: dict[str, Any]) -> list[str]:
    """The JSON media types an operation's request body accepts (empty if none)."""
    content = (operation.get("requestBody") or {}).get("content") or {}
    return [t for t in content if t == "application/json" or t.endswith("+json")]


def shape(path: str) -> str:
    """A path template with parameter names erased, to compare spec paths and routes."""
    return _PARAM.sub("{}", path)


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
