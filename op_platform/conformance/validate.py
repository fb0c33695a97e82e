"""Checking one EWBI exchange against the contract, as findings (rule, JSON path, expected, actual).

``Validator(profile).response("CreateFederation", 200, headers, body)`` checks that the status is
documented for the operation (a 2xx must be listed; errors may fall under ``default``), that
every required header is there, that the content type is documented (``application/problem+json``
on errors), that an error carries a ``ProblemDetails`` (with ``status`` equal to the HTTP status in
the strict profile) and that the body matches the schema for that status (OpenAPI 3.0 rules,
formats included). ``request`` and ``callback`` check what is sent. Reusable on its own.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from jsonschema.exceptions import ValidationError
from openapi_schema_validator import OAS30Validator, oas30_format_checker

from op_platform.conformance.contract import Contract, OperationSpec, load_contract
from op_platform.conformance.findings import Finding
from op_platform.conformance.profiles import Profile, normalise

PROBLEM = "application/problem+json"
JSON = "application/json"
NO_BODY = object()


def json_path(parts: Iterable[Any], root: str = "$") -> str:
    path = root
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


def media_type(headers: Mapping[str, str]) -> str:
    for name, value in headers.items():
        if name.lower() == "content-type":
            return value.split(";")[0].strip().lower()
    return ""


def parse_body(raw: bytes | str | None) -> Any:
    """JSON text as data; NO_BODY for an empty body; the text itself when it is not JSON."""
    if raw is None or raw in (b"", ""):
        return NO_BODY
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
    try:
        return json.loads(text)
    except ValueError:
        return text


def _expected(error: ValidationError) -> Any:
    if error.validator in ("anyOf", "oneOf"):
        options = [s.get("required", s) for s in error.validator_value]
        return f"{error.validator} of {options}"
    if error.validator == "type" or error.validator == "enum":
        return error.validator_value
    return error.validator_value


def schema_findings(schema: dict[str, Any], instance: Any, root: str = "$") -> list[Finding]:
    """Each way ``instance`` breaks ``schema``, deepest first, with its JSON path."""
    validator = OAS30Validator(schema, format_checker=oas30_format_checker)
    findings = []
    for error in sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path)):
        path = json_path(error.absolute_path, root)
        if error.validator == "required":
            missing = str(error.message).split("'")[1] if "'" in error.message else "?"
            findings.append(Finding("required", f"{path}.{missing}", "present", "missing"))
        elif error.validator == "additionalProperties":
            findings.append(Finding("additionalProperties", path, False, error.message))
        else:
            rule = str(error.validator)
            findings.append(Finding(rule, path, _expected(error), error.instance))
    return findings


class Validator:
    def __init__(self, profile: Profile = "strict", contract: Contract | None = None) -> None:
        self.profile: Profile = profile
        self.contract = contract or load_contract()
        self.notes: list[str] = []

    def _body(self, schema: dict[str, Any] | None, body: Any, root: str = "$") -> list[Finding]:
        fixed, findings, notes = normalise(body, self.profile, root)
        self.notes.extend(notes)
        if schema:
            findings += schema_findings(schema, fixed, root)
        return findings

    def response(
        self, operation_id: str, status: int, headers: Mapping[str, str], body: Any
    ) -> list[Finding]:
        """Findings of an answer to ``operation_id`` (``body`` parsed, or NO_BODY)."""
        op = self.contract.operation(operation_id)
        listed = str(status) in op.responses
        if not listed and (status < 400 or "default" not in op.responses):
            codes = sorted(c for c in op.responses if c.isdigit())
            return [Finding("status-not-allowed", "$status", codes, status)]
        spec = op.response(status)
        assert spec is not None
        lower = {name.lower() for name in headers}
        findings = [
            Finding(f"missing-header:{name}", f"$headers.{name}", "present", "missing")
            for name in spec.required_headers
            if name.lower() not in lower
        ]
        if status >= 400:
            return findings + self.problem(status, headers, body)
        if not spec.content:
            if body is not NO_BODY:
                findings.append(Finding("unexpected-body", "$", "no body", body))
            return findings
        media = media_type(headers)
        if media not in spec.content:
            findings.append(
                Finding("content-type", "$headers.Content-Type", list(spec.content), media)
            )
            return findings
        if body is NO_BODY or isinstance(body, str):
            return [
                *findings,
                Finding("body", "$", "a JSON body", "none" if body is NO_BODY else body),
            ]
        return findings + self._body(spec.content[media], body)

    def problem(self, status: int, headers: Mapping[str, str], body: Any) -> list[Finding]:
        """Findings of an error answer: problem+json content type, a ProblemDetails body."""
        findings = []
        media = media_type(headers)
        if media != PROBLEM:
            findings.append(
                Finding("content-type", "$headers.Content-Type", PROBLEM, media or None)
            )
        if not isinstance(body, dict):
            shown = "no body" if body is NO_BODY else body
            return [*findings, Finding("problem-details", "$", "a ProblemDetails object", shown)]
        findings += self._body(self.contract.schemas["ProblemDetails"], body)
        if "status" in body and body["status"] != status:
            findings.append(Finding("problem-status", "$.status", status, body["status"]))
        elif "status" not in body and self.profile == "strict":
            findings.append(
                Finding("required", "$.status", status, "missing", "RFC 7807 status; lenient skips")
            )
        return findings

    def request(self, operation_id: str, media: str, body: Any) -> list[Finding]:
        """Findings of a request body (JSON, or a multipart form as a dict of parsed parts)."""
        op: OperationSpec = self.contract.operation(operation_id)
        if not op.request:
            return []
        if media not in op.request:
            return [
                Finding("content-type", "$headers.Content-Type", list(op.request), media or None)
            ]
        if body is NO_BODY or isinstance(body, str):
            return [Finding("body", "$", "a JSON body", "none" if body is NO_BODY else body)]
        return self._body(op.request[media], body)

    def params(self, operation_id: str, values: Mapping[str, str]) -> list[Finding]:
        """Findings of the path parameters of a request."""
        findings = []
        for name, schema in self.contract.operation(operation_id).params.items():
            if name in values:
                findings += schema_findings(schema, values[name], f"$path.{name}")
        return findings

    def callback(self, name: str, body: Any) -> list[Finding]:
        schema = self.contract.callbacks.get(name)
        if schema is None:
            return [Finding("unknown-callback", "$", sorted(self.contract.callbacks), name)]
        if not isinstance(body, dict):
            return [Finding("body", "$", "a JSON object", "none" if body is NO_BODY else body)]
        return self._body(schema, body)

    def take_notes(self) -> list[str]:
        notes, self.notes = self.notes, []
        return notes
