"""Joining the operations of one flow recorded by several OPs, and drawing them.

Every OP on the path records the hops it saw under an operation that carries the flow's
``x-correlator``; joined and ordered by step and time, they give the whole flow.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def hop_view(
    step: int,
    source: str,
    target: str,
    action: str,
    *,
    status_code: int | None = None,
    at: str | None = None,
    detail: str | None = None,
) -> dict[str, Any]:
    """A hop as operation views carry it, for steps seen somewhere other than this OP's
    records (the OSS's or the MEO's view of the flow)."""
    return {
        "step": step,
        "from": source,
        "to": target,
        "action": action,
        "statusCode": status_code,
        "durationMs": None,
        "startedAt": at,
        "finishedAt": at,
        "detail": detail,
    }


def joined_hops(operations: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every hop of the given operation views, deduplicated, ordered by step then time."""
    seen: set[tuple[Any, ...]] = set()
    hops = []
    for operation in operations:
        for hop in operation.get("hops", []):
            key = (hop["step"], hop["from"], hop["to"], hop["action"], hop["startedAt"])
            if key not in seen:
                seen.add(key)
                hops.append({**hop, "operationId": operation["operationId"]})
    return sorted(hops, key=lambda h: (h["step"], h["startedAt"] or ""))


def table(hops: list[dict[str, Any]]) -> str:
    headers = ("step", "from", "to", "action", "status", "ms", "at")
    rows = [
        (
            str(h["step"]),
            h["from"],
            h["to"],
            h["action"],
            "" if h["statusCode"] is None else str(h["statusCode"]),
            "" if h["durationMs"] is None else f"{h['durationMs']:.1f}",
            (h["startedAt"] or "")[11:23],
        )
        for h in hops
    ]
    widths = [max(len(c) for c in column) for column in zip(headers, *rows, strict=False)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(headers, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in rows]
    return "\n".join(lines)


def _actor(name: str) -> str:
    return "".join(ch if ch.isalnum() else "_" for ch in name)


def mermaid(hops: list[dict[str, Any]]) -> str:
    """A Mermaid sequence diagram of the hops."""
    lines = ["sequenceDiagram", "    autonumber"]
    actors: list[str] = []
    for hop in hops:
        for name in (hop["from"], hop["to"]):
            if name not in actors:
                actors.append(name)
    lines += [f"    participant {_actor(a)} as {a}" for a in actors]
    for hop in hops:
        status = f" ({hop['statusCode']})" if hop["statusCode"] is not None else ""
        arrow = "-->>" if hop["action"].startswith(("reply", "notify")) else "->>"
        text = f"step {hop['step']}: {hop['action']}{status}".replace(";", ",")
        lines.append(f"    {_actor(hop['from'])}{arrow}{_actor(hop['to'])}: {text}")
    return "\n".join(lines) + "\n"
