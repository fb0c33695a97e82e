"""Checking responses against the project's OpenAPI files (openapi/<name>.yaml).

``assert_conforms(response, "CreateFederation")`` finds the operation by its operationId, picks the
documented response for the status code (or ``default``), checks that the status is documented,
that required headers are present and that a JSON body matches the schema (OpenAPI 3.0 rules).
``assert_request_conforms(request, "nef.yaml")`` checks an outgoing request the same way.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import httpx
import yaml
from openapi_schema_validator import OAS30Validator

OPENAPI = Path(__file__).resolve().parents[2] / "openapi"
METHODS = {"get", "put", "post", "patch", "delete"}


@cache
def load(spec: str) -> dict[str, Any]:
    with (OPENAPI / spec).open() as fh:
        doc: dict[str, Any] = yaml.safe_load(fh)
    return doc


def _resolve(doc: dict[str, Any], item: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in item:
        node: Any = doc
        for part in item["$ref"].lstrip("#/").split("/"):
            node = node[part]
        item = node
    return item


def operation(spec: str, operation_id: str) -> dict[str, Any]:
    doc = load(spec)
    for item in doc["paths"].values():
        for method, op in item.items():
            if method in METHODS and op.get("operationId") == operation_id:
                found: dict[str, Any] = op
                return found
    raise AssertionError(f"{operation_id} is not an operation of {spec}")


def assert_conforms(response: httpx.Response, operation_id: str, spec: str = "ewbi.yaml") -> None:
    """Fail unless ``response`` is what ``spec`` documents for ``operation_id``."""
    doc = load(spec)
    responses = operation(spec, operation_id)["responses"]
    status = str(response.status_code)
    assert status in responses or "default" in responses, (
        f"{operation_id}: status {status} is not documented in {spec}"
    )
    documented = _resolve(doc, responses.get(status, responses.get("default", {})))
    for name, header in documented.get("headers", {}).items():
        if _resolve(doc, header).get("required"):
            assert name in response.headers, f"{operation_id}: header {name} is missing"
    content = documented.get("content")
    if not content:
        assert not response.content, f"{operation_id}: {status} must have no body"
        return
    media = response.headers.get("content-type", "").split(";")[0].strip()
    assert media in content, f"{operation_id}: content type {media!r} is not documented"
    schema = content[media].get("schema")
    if schema is None:
        return
    validator = OAS30Validator({**schema, "components": doc.get("components", {})})
    errors = sorted(validator.iter_errors(response.json()), key=str)
    assert not errors, f"{operation_id} {status}: " + "; ".join(e.message for e in errors[:5])


def find_operation(spec: str, method: str, path: str) -> tuple[str, dict[str, Any]]:
    """The path template of ``spec`` that ``path`` matches and its ``method`` operation."""
    doc = load(spec)
    for template, item in doc["paths"].items():
        pattern = "^" + re.sub(r"\\{[^/]+\\}", "[^/]+", re.escape(template)) + "$"
        if re.match(pattern, path) and method.lower() in item:
            found: dict[str, Any] = item[method.lower()]
            return template, found
    raise AssertionError(f"{method} {path} is not an operation of {spec}")


def assert_request_conforms(request: httpx.Request, spec: str) -> str:
    """Fail unless ``request`` is an operation of ``spec`` with a documented body (media type
    and schema); return the operationId."""
    doc = load(spec)
    _, op = find_operation(spec, request.method, request.url.path)
    body = _resolve(doc, op.get("requestBody", {}))
    content = body.get("content", {})
    if not request.content:
        assert not body.get("required"), f"{op['operationId']}: the request body is required"
        return str(op["operationId"])
    media = request.headers.get("content-type", "").split(";")[0].strip()
    assert media in content, f"{op['operationId']}: request content type {media!r} undocumented"
    schema = content[media].get("schema")
    if schema is not None and media.endswith("json"):
        validator = OAS30Validator({**schema, "components": doc.get("components", {})})
        errors = sorted(validator.iter_errors(json.loads(request.content)), key=str)
        assert not errors, f"{op['operationId']} request: " + "; ".join(
            e.message for e in errors[:5]
        )
    return str(op["operationId"])
