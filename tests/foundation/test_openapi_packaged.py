"""The OpenAPI files ship inside the package, so a non-editable install serves them too."""

from __future__ import annotations

import tomllib
from pathlib import Path

import op_platform
from op_platform.spec_files import OPENAPI_DIR, spec_names

ROOT = Path(__file__).resolve().parents[2]


def test_spec_folder_is_inside_the_package() -> None:
    assert Path(op_platform.__file__).resolve().parent / "openapi" == OPENAPI_DIR
    assert OPENAPI_DIR.resolve() == (ROOT / "openapi").resolve()
    assert set(spec_names()) == {p.stem for p in (ROOT / "openapi").glob("*.yaml")}


def test_package_data_lists_the_spec_files() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    data = project["tool"]["setuptools"]["package-data"]["op_platform"]
    assert "openapi/*.yaml" in data
