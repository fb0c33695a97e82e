"""Every example in every openapi/ file is valid against the schema it illustrates: request and
response bodies (``example`` and ``examples``), parameters, and schemas that carry one."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from openapi_schema_validator import OAS30Validator

from tests.helpers.contract import OPENAPI, load

SPECS = sorted(path.name for path in OPENAPI.glob("*.yaml"))
SCHEMA_KEYS = {"type", "$ref", "properties", "allOf", "oneOf", "anyOf", "enum", "format"}


def _resolve(doc: dict[str, Any], node: Any) -> Any:
    while isinstance(node, dict) and "$ref" in node and node["$ref"].startswith("#/"):
        target: Any = doc
        for part in node["$ref"][2:].split("/"):
            target = target[part]
        node = target
    return node


def _examples_of(holder: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    if "example" in holder:
        yield "example", holder["example"]
    for name, example in (holder.get("examples") or {}).items():
        if isinstance(example, dict) and "value" in example:
            yield f"examples/{name}", example["value"]


def examples(doc: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any], Any]]:
    """(where, schema, example) for every example next to a schema in ``doc``."""

    def walk(node: Any, where: str) -> Iterator[tuple[str, dict[str, Any], Any]]:
        if isinstance(node, dict):
            schema = node.get("schema")
            if isinstance(schema, dict):  # a media type object or a parameter
                for name, value in _examples_of(node):
                    yield f"{where}/{name}", schema, value
            elif "example" in node and SCHEMA_KEYS & set(node):  # a schema with its example
                yield f"{where}/example", node, node["example"]
            for key, child in node.items():
                if key not in ("example", "examples"):
                    yield from walk(child, f"{where}/{key}")
        elif isinstance(node, list):
            for index, child in enumerate(node):
                yield from walk(child, f"{where}/{index}")

    yield from walk(doc.get("paths", {}), "paths")
    yield from walk(doc.get("components", {}).get("responses", {}), "components/responses")
    yield from walk(doc.get("components", {}).get("parameters", {}), "components/parameters")
    yield from walk(doc.get("components", {}).get("requestBodies", {}), "components/requestBodies")
    yield from walk(doc.get("components", {}).get("schemas", {}), "components/schemas")


@pytest.mark.parametrize("spec", SPECS)
def test_every_example_matches_its_schema(spec: str) -> None:
    doc = load(spec)
    checked, wrong = 0, []
    for where, schema, value in examples(doc):
        schema = _resolve(doc, schema)
        if schema.get("format") == "binary":
            continue
        validator = OAS30Validator({**schema, "components": doc.get("components", {})})
        errors = [e.message[:200] for e in validator.iter_errors(value)]
        checked += 1
        if errors:
            wrong.append(f"{where}: {'; '.join(errors[:3])}")
    assert not wrong, f"{spec}: {len(wrong)} of {checked} examples are invalid:\n" + "\n".join(
        wrong
    )
