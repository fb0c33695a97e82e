"""One row per target: what was measured, against which floor, the ratio, and whether the target
holds (``skip`` when the floor or the database is not available)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Result:
    target: str  # what the issue asks, e.g. "EWBI GetZoneData [sqlite] >= 0.5x bare aiohttp"
    measured: str  # e.g. "1,234 req/s"
    floor: str  # e.g. "9,000 req/s bare aiohttp"; "" for an absolute target
    ratio: str  # e.g. "0.14x"; the value the target bounds
    holds: bool | None  # None: skipped
    note: str = ""

    @property
    def verdict(self) -> str:
        return "skip" if self.holds is None else ("yes" if self.holds else "NO")


def skipped(target: str, why: str) -> Result:
    return Result(target, "-", "-", "-", None, why)


def rate(value: float, unit: str = "req/s") -> str:
    return f"{value:,.0f} {unit}"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms"


def render(results: list[Result]) -> str:
    """A Markdown table (readable in a terminal, pasted as is into the README)."""
    head = ("target", "measured", "floor", "ratio", "holds", "note")
    rows = [(r.target, r.measured, r.floor, r.ratio, r.verdict, r.note) for r in results]
    widths = [max(len(str(row[i])) for row in [head, *rows]) for i in range(len(head))]

    def line(cells: tuple[str, ...]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    out = [line(head), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    out += [line(row) for row in rows]
    return "\n".join(out)
