"""Writing a report in every format asked for (JUnit XML, JSON, HTML); one place for both modes."""

from __future__ import annotations

from pathlib import Path

from op_platform.conformance.findings import Report
from op_platform.conformance.report_html import html
from op_platform.conformance.report_junit import as_json, junit


def write(
    report: Report,
    *,
    junit_path: str | Path | None = None,
    json_path: str | Path | None = None,
    html_path: str | Path | None = None,
) -> list[Path]:
    """Write each report whose path is given; the paths written."""
    written = []
    for path, render in ((junit_path, junit), (json_path, as_json), (html_path, html)):
        if path:
            target = Path(path)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(render(report), encoding="utf-8")
            written.append(target)
    return written
