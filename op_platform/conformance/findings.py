"""What a conformance run produces: findings, exchanges and one result per operation or check.

A :class:`Finding` names the rule broken (``pattern``, ``required``, ``status-not-allowed``,
``missing-header:Location``, ``callback-late`` ...), the JSON path (``$.a.b[0]``), what the
contract expects and what was seen. An :class:`Exchange` is one request and its answer (or one
callback), secrets redacted, with times relative to the start of the run. A :class:`Result` is
pass, fail or skip, with its findings and exchanges.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Status = Literal["pass", "fail", "skip"]
MAX_TEXT = 240


def short(value: Any) -> str:
    """A value as compact text for a message (JSON when it can be, cut to a readable length)."""
    try:
        text = value if isinstance(value, str) else json.dumps(value, sort_keys=True, default=str)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 3] + "..."


@dataclass
class Finding:
    rule: str
    path: str
    expected: Any
    actual: Any
    detail: str = ""

    @property
    def message(self) -> str:
        text = (
            f"{self.path}: {self.rule}: expected {short(self.expected)}, got {short(self.actual)}"
        )
        return f"{text} ({self.detail})" if self.detail else text

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "message": self.message}


@dataclass
class Exchange:
    """One HTTP exchange: ``source`` called ``target`` (kit, partner, receiver, op-under-test)."""

    source: str
    target: str
    method: str
    url: str
    label: str  # operation id or callback name
    started: float  # seconds since the run started
    duration: float = 0.0
    request_headers: dict[str, str] = field(default_factory=dict)
    request_body: Any = None
    status: int | None = None
    response_headers: dict[str, str] = field(default_factory=dict)
    response_body: Any = None
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Result:
    name: str  # "CreateFederation", "CreateFederation:idempotent", "callback:onInstanceStatusEvent"
    area: str
    operation: str | None = None
    status: Status = "pass"
    reason: str = ""
    findings: list[Finding] = field(default_factory=list)
    exchanges: list[Exchange] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    duration: float = 0.0

    def fail(self, finding: Finding) -> None:
        self.findings.append(finding)
        self.status = "fail"

    def add(self, findings: list[Finding]) -> None:
        for finding in findings:
            self.fail(finding)

    def skip(self, reason: str) -> None:
        if self.status != "fail":
            self.status = "skip"
        self.reason = reason

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "area": self.area,
            "operation": self.operation,
            "status": self.status,
            "reason": self.reason,
            "notes": self.notes,
            "duration": round(self.duration, 3),
            "findings": [f.to_dict() for f in self.findings],
            "exchanges": [e.to_dict() for e in self.exchanges],
        }


@dataclass
class Report:
    """Everything a run (or a serve session) found, in order."""

    mode: str  # "run" or "serve"
    target: str
    profile: str
    started_at: str
    results: list[Result] = field(default_factory=list)
    decisions: list[str] = field(default_factory=list)  # how the kit read the contract

    def counts(self) -> dict[str, int]:
        counts = {"pass": 0, "fail": 0, "skip": 0}
        for result in self.results:
            counts[result.status] += 1
        return counts

    @property
    def failed(self) -> bool:
        return any(r.status == "fail" for r in self.results)

    def to_dict(self) -> dict[str, Any]:
        return {
            "mode": self.mode,
            "target": self.target,
            "profile": self.profile,
            "startedAt": self.started_at,
            "counts": self.counts(),
            "decisions": self.decisions,
            "results": [r.to_dict() for r in self.results],
        }
