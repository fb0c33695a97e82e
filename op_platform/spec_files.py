"""The project's OpenAPI files (``openapi/``), as data: where they are, and their operations.

The files live in the repository's ``openapi/`` folder; ``op_platform/openapi`` links to it, so
they ship inside the package (a wheel carries copies) and are found the same way when installed
from a wheel or in editable mode. Used by the interfaces (501 for what is not built, ``/openapi``)
and by the conformance kit.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import yaml

OPENAPI_DIR = Path(__file__).resolve().parent / "openapi"
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
