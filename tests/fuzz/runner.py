"""Fuzzing one OpenAPI file with schemathesis: every operation, its examples, then generated
requests, each answer checked against the file.

A request fails when the server answers 5xx, a status the operation does not document, a content
type it does not document, a body that breaks the documented schema, or without a documented
required header. Failures are collected (no shrinking, no early stop) so one run reports all of
them. Hypothesis runs with a fixed seed and no example database: the same requests every run.

Generated values are replaced, for about half of the requests, by ``Target.known`` values of the
same name (the ids of seeded resources), so that success paths are reached as well as refusals.
"""

from __future__ import annotations

import json
from copy import deepcopy
from dataclasses import dataclass, field
from typing import Any

import requests
import schemathesis
from hypothesis import HealthCheck, Phase, Verbosity, given, seed, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.specs.openapi.examples import get_strategies_from_examples

from tests.fuzz.lab import Target
from tests.helpers.contract import load

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
NEGATIVE_CHECKS = [*CHECKS, negative_data_rejection]
SEED = 20261202
MAX_FAILURES_SHOWN = 3
# Methods that remove seeded resources run last, so the others still find them.
ORDER = {"get": 0, "post": 1, "put": 1, "patch": 2, "delete": 3}


@dataclass
class Tally:
    """What one file's run did."""

    spec: str
    operations: int = 0
    requests: int = 0
    success: int = 0
    operations_with_success: int = 0
    failures: dict[str, list[str]] = field(default_factory=dict)
    not_built: list[str] = field(default_factory=list)

    def line(self) -> str:
        bad = sum(len(v) for v in self.failures.values())
        skipped = f", not built (501, not fuzzed): {', '.join(self.not_built)}" * bool(
            self.not_built
        )
        return (
            f"{self.spec}: {self.operations} operations, {self.requests} requests, "
            f"{self.success} answered 2xx ({self.operations_with_success} operations with a 2xx), "
            f"{bad} failures{skipped}"
        )


def _substitute(case: schemathesis.Case, known: dict[str, Any]) -> None:
    for part in (case.path_parameters, case.query):
        if part:
            for name in part:
                if name in known:
                    part[name] = known[name]
    if isinstance(case.body, dict):
        for name in case.body:
            if name in known:
                case.body[name] = known[name]


def _describe(
    case: schemathesis.Case, response: schemathesis.Response, error: BaseException
) -> str:
    body = response.content[:300].decode(errors="replace")
    sent = json.dumps(case.body, default=str)[:300] if case.body is not None else ""
    if isinstance(error, FailureGroup):
        why = "; ".join(f"{f.title}: {f.message}"[:300] for f in error.exceptions)
    else:
        why = str(error).strip().splitlines()[0][:400]
    return (
        f"{case.method} {case.formatted_path} query={case.query} headers={case.headers} -> "
        f"{response.status_code} {body}\n  body sent: {sent}\n  {why}"
    )


def _record(
    tally: Tally,
    label: str,
    case: schemathesis.Case,
    response: schemathesis.Response,
    checks: list[Any],
) -> None:
    tally.requests += 1
    if 200 <= response.status_code < 300:
        tally.success += 1
    try:
        case.validate_response(response, checks=checks)
    except (Exception, FailureGroup) as error:
        shown = tally.failures.setdefault(label, [])
        if len(shown) < MAX_FAILURES_SHOWN:
            shown.append(_describe(case, response, error))


def _without_traceparent(doc: dict[str, Any]) -> dict[str, Any]:
    """The file without its ``traceparent`` parameters: schemathesis holds that header to W3C's
    55 characters, while the files let any value in (a bad one starts a new trace)."""
    copy = deepcopy(doc)
    for item in copy.get("paths", {}).values():
        for operation in item.values():
            if isinstance(operation, dict) and "parameters" in operation:
                operation["parameters"] = [
                    p
                    for p in operation["parameters"]
                    if p.get("name") != "traceparent"
                    and not str(p.get("$ref", "")).endswith("/traceparent")
                ]
    return copy


def fuzz(target: Target, examples_per_operation: int, negative_per_operation: int = 0) -> Tally:
    """Fuzz every operation of ``target.spec`` against ``target.base_url``: its examples,
    ``examples_per_operation`` valid requests and ``negative_per_operation`` invalid ones
    (which must be refused with a 4xx)."""
    schema = schemathesis.openapi.from_dict(_without_traceparent(load(target.spec)))
    operations = [result.ok() for result in schema.get_all_operations()]
    operations.sort(key=lambda op: ORDER.get(op.method.lower(), 1))
    tally = Tally(target.spec)
    with requests.Session() as session:
        for operation in operations:
            if operation.definition.raw.get("operationId") in target.not_built:
                tally.not_built.append(operation.definition.raw["operationId"])
                continue
            tally.operations += 1
            before = tally.success
            _fuzz_operation(
                operation, target, session, tally, examples_per_operation, negative_per_operation
            )
            tally.operations_with_success += tally.success > before
    return tally


def _fuzz_operation(
    operation: Any,
    target: Target,
    session: requests.Session,
    tally: Tally,
    budget: int,
    negative: int,
) -> None:
    label = f"{operation.method.upper()} {operation.path}"

    def send(case: schemathesis.Case, use_known: bool) -> None:
        invalid = case.meta is not None and case.meta.generation.mode.is_negative
        if use_known and not invalid:
            _substitute(case, target.known)
        response = case.call(
            base_url=target.base_url, session=session, headers=target.headers, timeout=15
        )
        _record(tally, label, case, response, NEGATIVE_CHECKS if invalid else CHECKS)

    options = settings(
        max_examples=budget,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
        verbosity=Verbosity.quiet,
        print_blob=False,
    )
    explicit = get_strategies_from_examples(operation)
    strategies = [(st.one_of(explicit), max(2, len(explicit)))] if explicit else []
    strategies.append((operation.as_strategy(), budget))
    negative_strategy = operation.as_strategy(GenerationMode.NEGATIVE) if negative else None
    if negative_strategy is not None:
        strategies.append((negative_strategy, negative))
    for strategy, count in strategies:

        @seed(SEED)
        @settings(options, max_examples=count)
        @given(case=strategy, use_known=st.booleans())
        def run(case: schemathesis.Case, use_known: bool) -> None:
            send(case, use_known)

        try:
            run()
        except Unsatisfiable:  # nothing of the operation can be made invalid (no parameters)
            if strategy is not negative_strategy:
                raise
