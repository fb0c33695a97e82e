"""The report a person reads: one self-contained HTML page (inline CSS and SVG, no external URL).

First the summary table (area, check, status, first finding), then each result: its findings
(rule, JSON path, expected, actual), a sequence diagram of its exchanges drawn as inline SVG
(kit -> partner requests, partner -> receiver callbacks, with times), and each exchange's
request and answer, secrets already redacted.
"""

from __future__ import annotations

import json
from html import escape
from typing import Any

from op_platform.conformance.findings import Exchange, Report, Result, short

CSS = """
body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:3px 8px;
text-align:left;vertical-align:top}th{background:#f2f2f2}
.pass{color:#176f2c;font-weight:bold}.fail{color:#b00020;font-weight:bold}
.skip{color:#8a6d00;font-weight:bold}pre{background:#f7f7f7;padding:6px;overflow:auto;
max-height:20em}section{border-top:2px solid #ddd;margin-top:1.5em}code{font-size:13px}
svg text{font:12px monospace}
"""
LANE_GAP = 220
ROW = 34


def _status(status: str) -> str:
    return f'<span class="{status}">{status.upper()}</span>'


def _summary(report: Report) -> str:
    rows = []
    for index, result in enumerate(report.results):
        first = escape(result.findings[0].message) if result.findings else escape(result.reason)
        rows.append(
            f'<tr><td>{escape(result.area)}</td><td><a href="#r{index}">{escape(result.name)}</a>'
            f"</td><td>{_status(result.status)}</td><td>{first}</td></tr>"
        )
    counts = report.counts()
    return (
        f"<p>{counts['pass']} passed, {counts['fail']} failed, {counts['skip']} skipped</p>"
        '<table id="summary"><tr><th>area</th><th>check</th><th>status</th><th>detail</th></tr>'
        + "".join(rows)
        + "</table>"
    )


def sequence_svg(exchanges: list[Exchange]) -> str:
    """Lanes for every party, one arrow per request and one back per answer."""
    lanes: list[str] = []
    for exchange in exchanges:
        for party in (exchange.source, exchange.target):
            if party not in lanes:
                lanes.append(party)
    x = {party: 80 + i * LANE_GAP for i, party in enumerate(lanes)}
    height = 50 + ROW * 2 * len(exchanges)
    width = 160 + LANE_GAP * max(len(lanes) - 1, 1)
    parts = [f'<svg width="{width}" height="{height}">',
             '<defs><marker id="a" markerWidth="8" markerHeight="8" refX="7" refY="3" '
             'orient="auto"><path d="M0,0 L7,3 L0,6 z"/></marker></defs>']  # fmt: skip
    for party, px in x.items():
        parts.append(f'<text x="{px}" y="16" text-anchor="middle">{escape(party)}</text>')
        parts.append(f'<line x1="{px}" y1="22" x2="{px}" y2="{height}" stroke="#999"/>')
    y = 40
    for exchange in exchanges:
        a, b = x[exchange.source], x[exchange.target]
        label = f"t={exchange.started:.2f}s {exchange.method} {exchange.label}"
        parts.append(_arrow(a, b, y, label, "#1f4e9c"))
        answer = str(exchange.status) if exchange.status is not None else (exchange.error or "-")
        back = f"{short(answer)} ({exchange.duration * 1000:.0f} ms)"
        colour = "#b00020" if exchange.status is None or exchange.status >= 400 else "#176f2c"
        parts.append(_arrow(b, a, y + ROW, back, colour, dashed=True))
        y += 2 * ROW
    parts.append("</svg>")
    return "".join(parts)


def _arrow(x1: int, x2: int, y: int, label: str, colour: str, dashed: bool = False) -> str:
    dash = ' stroke-dasharray="4 3"' if dashed else ""
    mid = (x1 + x2) // 2
    return (
        f'<line x1="{x1}" y1="{y}" x2="{x2}" y2="{y}" stroke="{colour}"{dash} '
        f'marker-end="url(#a)"/><text x="{mid}" y="{y - 5}" text-anchor="middle" '
        f'fill="{colour}">{escape(label)}</text>'
    )


def _json(value: Any) -> str:
    return escape(json.dumps(value, indent=2, default=str)) if value is not None else "(none)"


def _exchange(exchange: Exchange) -> str:
    return (
        f"<details><summary><code>{escape(exchange.method)} {escape(exchange.url)}</code> &rarr; "
        f"{escape(str(exchange.status or exchange.error))}</summary>"
        f"<p>request headers</p><pre>{_json(exchange.request_headers)}</pre>"
        f"<p>request body</p><pre>{_json(exchange.request_body)}</pre>"
        f"<p>answer headers</p><pre>{_json(exchange.response_headers)}</pre>"
        f"<p>answer body</p><pre>{_json(exchange.response_body)}</pre></details>"
    )


def _result(index: int, result: Result) -> str:
    out = [f'<section id="r{index}"><h3>{_status(result.status)} {escape(result.name)} '
           f"<small>({escape(result.area)})</small></h3>"]  # fmt: skip
    if result.reason:
        out.append(f"<p>{escape(result.reason)}</p>")
    if result.findings:
        out.append("<table><tr><th>rule</th><th>path</th><th>expected</th><th>actual</th></tr>")
        out.extend(
            f"<tr><td>{escape(f.rule)}</td><td><code>{escape(f.path)}</code></td>"
            f"<td>{escape(short(f.expected))}</td><td>{escape(short(f.actual))}</td></tr>"
            for f in result.findings
        )
        out.append("</table>")
    out.extend(f"<p><em>{escape(note)}</em></p>" for note in result.notes)
    if result.exchanges:
        out.append(sequence_svg(result.exchanges))
        out.extend(_exchange(e) for e in result.exchanges)
    out.append("</section>")
    return "".join(out)


def html(report: Report) -> str:
    title = f"EWBI conformance: {report.target} ({report.mode}, {report.profile})"
    decisions = "".join(f"<li>{escape(d)}</li>" for d in report.decisions)
    body = "".join(_result(i, r) for i, r in enumerate(report.results))
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}'
        f"</title><style>{CSS}</style></head><body><h1>{escape(title)}</h1>"
        f"<p>started {escape(report.started_at)}</p>{_summary(report)}"
        f"<h2>How the contract was read</h2><ul>{decisions}</ul><h2>Results</h2>{body}"
        "</body></html>"
    )
