"""Attribute-based filtering (ETSI GS MEC 009 clause 6.19 / NFV-SOL 013 subset).

Expression: clauses joined by ``;`` (all must hold), each ``(op,attr,value[,value...])`` with op
one of eq, neq, in, nin, gt, gte, lt, lte, cont, ncont and attr a ``/``-separated path into the
resource (``(eq,appName,demo)``, ``(in,onboardingState,ONBOARDED,PROCESSING)``). An attribute that
is an array matches when any element matches. Used by ``GET /app_packages?filter=`` and by
subscription ``appPkgFilter`` strings; an ``appPkgFilter`` object (v3 style, e.g.
``{"appDId": ["a"], "appProvider": "acme"}``) means ``in`` on every key.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

OPS = {"eq", "neq", "in", "nin", "gt", "gte", "lt", "lte", "cont", "ncont"}


@dataclass(frozen=True)
class Clause:
    op: str
    path: tuple[str, ...]
    values: tuple[str, ...]


def parse_filter(expr: str) -> list[Clause]:
    """Parse an expression; ValueError with a readable reason if malformed."""
    clauses = []
    for raw in expr.split(";"):
        part = raw.strip()
        if not part:
            continue
        if not (part.startswith("(") and part.endswith(")")):
            raise ValueError(f"filter clause {part!r} must look like (op,attribute,value)")
        items = [x.strip() for x in part[1:-1].split(",")]
        if len(items) < 3 or not items[1]:
            raise ValueError(f"filter clause {part!r} needs an operator, attribute and value")
        op = items[0].lower()
        if op not in OPS:
            raise ValueError(f"unknown filter operator {items[0]!r}")
        if op not in ("in", "nin", "cont", "ncont") and len(items) != 3:
            raise ValueError(f"operator {op} takes exactly one value")
        clauses.append(Clause(op, tuple(items[1].split("/")), tuple(items[2:])))
    return clauses


def from_object(obj: dict[str, Any]) -> list[Clause]:
    out = []
    for key, val in obj.items():
        vals = val if isinstance(val, list) else [val]
        out.append(Clause("in", tuple(key.split("/")), tuple(str(v) for v in vals)))
    return out


def _resolve(doc: Any, path: tuple[str, ...]) -> list[Any]:
    current = [doc]
    for key in path:
        nxt: list[Any] = []
        for item in current:
            item_list = item if isinstance(item, list) else [item]
            for it in item_list:
                if isinstance(it, dict) and key in it:
                    nxt.append(it[key])
        current = nxt
    flat: list[Any] = []
    for item in current:
        flat.extend(item if isinstance(item, list) else [item])
    return flat


def _cmp(op: str, actual: Any, wanted: str) -> bool:
    if op in ("gt", "gte", "lt", "lte"):
        try:
            a, w = float(actual), float(wanted)
        except (TypeError, ValueError):
            a, w = str(actual), wanted  # type: ignore[assignment]
        return {"gt": a > w, "gte": a >= w, "lt": a < w, "lte": a <= w}[op]
    return (
        str(actual).lower() == wanted.lower() if isinstance(actual, bool) else str(actual) == wanted
    )


def clause_matches(doc: dict[str, Any], clause: Clause) -> bool:
    values = _resolve(doc, clause.path)
    if clause.op in ("eq", "in"):
        return any(_cmp("eq", v, w) for v in values for w in clause.values)
    if clause.op in ("neq", "nin"):
        return not any(_cmp("eq", v, w) for v in values for w in clause.values)
    if clause.op == "cont":
        return any(w in str(v) for v in values for w in clause.values)
    if clause.op == "ncont":
        return not any(w in str(v) for v in values for w in clause.values)
    return any(_cmp(clause.op, v, clause.values[0]) for v in values)


def matches(doc: dict[str, Any], clauses: list[Clause]) -> bool:
    return all(clause_matches(doc, c) for c in clauses)


def subscription_matches(doc: dict[str, Any], filters: list[str | dict[str, Any]] | None) -> bool:
    """A subscription with several appPkgFilter entries matches when any entry matches."""
    if not filters:
        return True
    for f in filters:
        clauses = parse_filter(f) if isinstance(f, str) else from_object(f)
        if matches(doc, clauses):
            return True
    return False
