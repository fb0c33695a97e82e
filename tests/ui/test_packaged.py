"""The page's three files ship inside the package (a wheel carries them as package data)."""

from __future__ import annotations

import tomllib
from fnmatch import fnmatch
from pathlib import Path

from op_platform.api.ui.handlers import STATIC

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "op_platform"


def test_package_data_carries_the_page() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    patterns = project["tool"]["setuptools"]["package-data"]["op_platform"]
    files = sorted(path.name for path in STATIC.iterdir())
    assert files == ["index.html", "ui.css", "ui.js"]
    for name in files:
        relative = (STATIC / name).relative_to(PACKAGE).as_posix()
        assert any(fnmatch(relative, pattern) for pattern in patterns), relative


def test_the_page_loads_nothing_from_elsewhere() -> None:
    """No CDN, no external font: every reference is relative to the OP."""
    for path in STATIC.iterdir():
        text = path.read_text(encoding="utf-8")
        assert "http://" not in text.replace("http://www.w3.org/2000/svg", "")
        assert "https://" not in text and "//cdn" not in text and "@import" not in text
