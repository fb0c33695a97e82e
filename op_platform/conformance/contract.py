"""The EWBI contract as the kit reads it: ``openapi/ewbi.yaml`` and ``ewbi-callbacks.yaml``.

Every ``$ref`` is resolved once, when the contract is loaded, so validation works on plain
schemas. The operations are listed from the file (never from a hard-coded list): each with its
method, path template, tag, request body schemas, documented responses (schemas per media type,
required headers) and the callbacks it registers.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from op_platform.spec_files import load_spec, operations

EWBI = "ewbi"
CALLBACKS = "ewbi-callbacks"


@dataclass(frozen=True)
class ResponseSpec:
    status: str
    content: dict[str, dict[str, Any] | None]  # media type -> schema (None: any body)
    required_headers: tuple[str, ...] = ()


@dataclass(frozen=True)
class OperationSpec:
    operation_id: str
    method: str
    path: str
    tag: str
    extension: bool
    request: dict[str, dict[str, Any]]  # media type -> schema
    json_parts: tuple[str, ...]  # multipart parts the contract sends as application/json
    params: dict[str, dict[str, Any]]  # path parameter -> schema
    responses: dict[str, ResponseSpec]
    callbacks: dict[str, dict[str, Any]] = field(default_factory=dict)  # name -> body schema

    def response(self, status: int) -> ResponseSpec | None:
        """The documented response for ``status`` (or ``default``), None when there is none."""
        return self.responses.get(str(status)) or self.responses.get("default")

    @property
    def success_codes(self) -> list[int]:
        return sorted(int(code) for code in self.responses if code.isdigit() and code < "400")


def deref(node: Any, root: dict[str, Any], seen: tuple[str, ...] = ()) -> Any:
    """A copy of ``node`` with every local ``$ref`` replaced by what it points to."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/"):
            if ref in seen:  # a recursive schema: keep the reference
                return copy.deepcopy(node)
            target: Any = root
            for part in ref[2:].split("/"):
                target = target[part]
            return deref(target, root, (*seen, ref))
        return {key: deref(value, root, seen) for key, value in node.items()}
    if isinstance(node, list):
        return [deref(item, root, seen) for item in node]
    return node


def _content(raw: dict[str, Any] | None) -> dict[str, dict[str, Any] | None]:
    return {media: body.get("schema") for media, body in (raw or {}).items()}


def _responses(raw: dict[str, Any]) -> dict[str, ResponseSpec]:
    found = {}
    for status, response in raw.items():
        headers = tuple(
            name
            for name, header in (response.get("headers") or {}).items()
            if header.get("required")
        )
        found[str(status)] = ResponseSpec(str(status), _content(response.get("content")), headers)
    return found


def _callbacks(raw: dict[str, Any]) -> dict[str, dict[str, Any]]:
    found = {}
    for name, expressions in raw.items():
        for item in expressions.values():
            body = item["post"]["requestBody"]["content"]["application/json"]["schema"]
            found[name] = body
    return found


@dataclass(frozen=True)
class Contract:
    operations: dict[str, OperationSpec]
    callbacks: dict[str, dict[str, Any]]  # callback name -> body schema
    callback_statuses: dict[str, tuple[int, ...]]  # callback name -> 2xx the receiver answers
    schemas: dict[str, dict[str, Any]]

    def operation(self, operation_id: str) -> OperationSpec:
        return self.operations[operation_id]

    def standard(self) -> list[str]:
        """The operations of the standard (not marked ``x-extension``), in the file's order."""
        return [op.operation_id for op in self.operations.values() if not op.extension]


@cache
def load_contract() -> Contract:
    """The contract, loaded and resolved once per process."""
    doc = load_spec(EWBI)
    resolved = deref(doc, doc)
    found: dict[str, OperationSpec] = {}
    for method, path, op in operations(resolved):
        body = (op.get("requestBody") or {}).get("content") or {}
        found[op["operationId"]] = OperationSpec(
            operation_id=op["operationId"],
            method=method,
            path=path,
            tag=(op.get("tags") or [""])[0],
            extension=bool(op.get("x-extension")),
            request={media: content.get("schema") or {} for media, content in body.items()},
            json_parts=tuple(
                name
                for content in body.values()
                for name, enc in (content.get("encoding") or {}).items()
                if enc.get("contentType") == "application/json"
            ),
            params={p["name"]: p.get("schema") or {} for p in op.get("parameters") or []},
            responses=_responses(op.get("responses") or {}),
            callbacks=_callbacks(op.get("callbacks") or {}),
        )
    callbacks: dict[str, dict[str, Any]] = {}
    for spec in found.values():
        callbacks.update(spec.callbacks)
    statuses: dict[str, tuple[int, ...]] = {}
    receivers = load_spec(CALLBACKS)
    receivers = deref(receivers, receivers)
    for _method, _path, op in operations(receivers):
        name = op["operationId"]
        schema = op["requestBody"]["content"]["application/json"]["schema"]
        callbacks.setdefault(name, schema)
        statuses[name] = tuple(int(c) for c in op["responses"] if c.isdigit() and c < "300")
    schemas = resolved.get("components", {}).get("schemas", {})
    return Contract(found, callbacks, statuses, schemas)
