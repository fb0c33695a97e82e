"""The latest conformance reports, as the page lists them.

Where: the folder ``conformance_dir`` (setting), by default ``conformance/`` inside the OP's
``data_dir``. Each report is a JSON file written by ``op-platform conformance run|serve --json``;
an HTML report of the same name beside it (``--html``) is linked. Summaries are kept while a
file's size and modification time stay the same, so a refreshing page does not parse them
again.
"""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path
from typing import Any

from op_platform.services.applications.storage import data_dir
from op_platform.settings import Settings

LATEST = 10
HTML_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}\.html$")


def reports_dir(settings: Settings) -> Path:
    if settings.conformance_dir is not None:
        return Path(settings.conformance_dir)
    return data_dir(settings) / "conformance"


def report_page(settings: Settings, name: str) -> Path | None:
    """The HTML report called ``name`` directly inside the reports folder, if there is one."""
    if not HTML_NAME.match(name):
        return None
    folder = reports_dir(settings).resolve()
    path = (folder / name).resolve()
    return path if path.parent == folder and path.is_file() else None


def _summary(path: Path) -> dict[str, Any]:
    found: dict[str, Any] = {"name": path.stem, "file": path.name}
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return {**found, "error": f"unreadable: {type(exc).__name__}"}
    if not isinstance(report, dict):
        return {**found, "error": "not a conformance report"}
    found.update({key: report.get(key) for key in ("mode", "target", "profile", "startedAt")})
    counts = report.get("counts")
    found["counts"] = counts if isinstance(counts, dict) else {}
    return found


def _html_beside(path: Path) -> str | None:
    html = path.with_suffix(".html")
    return html.name if HTML_NAME.match(html.name) and html.is_file() else None


class ReportShelf:
    """Summaries of the latest reports, parsed again only when a file changed."""

    def __init__(self) -> None:
        self.known: dict[str, tuple[tuple[int, int], dict[str, Any]]] = {}

    def _latest(self, folder: Path) -> list[dict[str, Any]]:
        if not folder.is_dir():
            return []
        files = []
        for path in folder.glob("*.json"):
            try:
                stat = path.stat()
            except OSError:
                continue
            files.append((stat.st_mtime_ns, stat.st_size, path))
        files.sort(key=lambda item: item[0], reverse=True)
        summaries, known = [], {}
        for mtime, size, path in files[:LATEST]:
            cached = self.known.get(path.name)
            if cached is None or cached[0] != (mtime, size):
                cached = ((mtime, size), _summary(path))
            known[path.name] = cached
            summaries.append({**cached[1], "html": _html_beside(path)})
        self.known = known
        return summaries

    async def latest(self, settings: Settings) -> dict[str, Any]:
        folder = reports_dir(settings)
        reports = await asyncio.to_thread(self._latest, folder)
        return {"folder": str(folder), "reports": reports}
