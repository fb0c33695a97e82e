"""The steps of the federated onboarding flow as an OSS sees and prints them.

The OSS observes steps 1, 2, 3 (at its MEO) and 9 itself; the OPs record steps 3-8 as hops of
their flow operations (``GET /admin/operations``). Both become the same step dictionaries
(``step``, ``from``, ``to``, ``action``, ``statusCode``, ``startedAt``, ``detail``), so one
printer shows a flow across every system it crossed.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from mec_mocks.oss.onboard import OnboardEvent

Step = dict[str, Any]


def oss_step(event: OnboardEvent, meo: str, op: str) -> Step | None:
    """The flow step an OSS observation stands for."""
    subject, value = event.subject, event.value
    if subject == "request":
        step, source, target, action = 1, "oss", meo, f"onboard request ({value})"
    elif subject == "onboardingState":
        step, source, target, action = 2, meo, meo, f"local onboarding {value}"
    elif subject.startswith("forwarding[") and value in {"DELIVERED", "FAILED"}:
        step, source, target, action = 3, meo, op, f"forward to its OP {value}"
    elif subject.startswith("remoteState[") and value in {"ONBOARDED", "FAILED"}:
        step, source, target, action = 9, meo, "oss", f"remote state {value}"
    else:
        return None
    return {
        "step": step,
        "from": source,
        "to": target,
        "action": action,
        "statusCode": None,
        "startedAt": event.at,
        "detail": event.detail,
        "source": "oss",
    }


def operation_steps(operator: str, operation: dict[str, Any]) -> list[Step]:
    """The hops an OP recorded for one operation, tagged with the OP that recorded them."""
    return [
        {**hop, "source": operator, "operationId": operation["operationId"]}
        for hop in operation.get("hops", [])
    ]


def _instant(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        at = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return at if at.tzinfo else at.replace(tzinfo=UTC)  # a time without zone is UTC


def ordered(steps: list[Step]) -> list[Step]:
    """By step number, then by time (recorded by different systems on one clock)."""
    return sorted(steps, key=lambda s: (s["step"], s.get("startedAt") or ""))


def format_step(step: Step, started: datetime | None) -> str:
    """One line: offset from the flow's start, step number, hop, action, status, detail."""
    at = _instant(step.get("startedAt"))
    offset = f"+{(at - started).total_seconds():6.3f}s" if at and started else " " * 8
    status = f" [{step['statusCode']}]" if step.get("statusCode") else ""
    detail = f"  ({step['detail']})" if step.get("detail") else ""
    return (
        f"  {offset}  step {step['step']}  {step['from']:>10} -> {step['to']:<10} "
        f"{step['action']}{status}{detail}"
    )


def print_steps(steps: list[Step], started_at: str) -> list[str]:
    """The lines of a flow, ordered; ``started_at`` is the ISO time the flow began."""
    started = _instant(started_at)
    return [format_step(step, started) for step in ordered(steps)]
