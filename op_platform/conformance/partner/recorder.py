"""What the partner saw: one result per operation (every call to it) and per callback kind.

An operation the OP under test never called is reported skipped, so the coverage of a serve
session is read from the contract, as in ``run``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC, datetime

from op_platform.conformance.contract import load_contract
from op_platform.conformance.findings import Exchange, Finding, Report, Result


@dataclass
class Recorder:
    target: str
    profile: str
    started: float = field(default_factory=time.monotonic)
    started_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))
    results: dict[str, Result] = field(default_factory=dict)

    def clock(self) -> float:
        return time.monotonic() - self.started

    def record(
        self, name: str, area: str, exchange: Exchange, findings: list[Finding], notes: list[str]
    ) -> None:
        result = self.results.get(name)
        if result is None:
            operation = None if name.startswith("callback:") else name
            result = self.results[name] = Result(name, area, operation)
        result.exchanges.append(exchange)
        result.add(findings)
        result.notes.extend(notes)

    def report(self) -> Report:
        contract = load_contract()
        report = Report("serve", self.target, self.profile, self.started_at)
        report.decisions.append(
            "Every request was checked against openapi/ewbi.yaml (path parameters, body, multipart "
            "parts); a broken one was answered 400 with invalidParams naming the path and rule."
        )
        for op in contract.operations.values():
            name = op.operation_id
            report.results.append(self.results.get(name) or _skipped(name, op.tag, "never called"))
        for callback in contract.callbacks:
            name = f"callback:{callback}"
            why = "never sent: no request registered this callback"
            report.results.append(self.results.get(name) or _skipped(name, "callbacks", why))
        return report


def _skipped(name: str, area: str, reason: str) -> Result:
    result = Result(name, area, None if name.startswith("callback:") else name)
    result.skip(f"{reason} by the OP under test" if reason == "never called" else reason)
    return result
