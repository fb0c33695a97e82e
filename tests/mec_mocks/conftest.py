"""Fixtures for the mec_mocks tests: real servers on 127.0.0.1, free ports, fast retries.
Packages are written to tmp_path and offered to the MEOs over a loopback HTTP server."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from mec_mocks.testing import Package, Servers, make_package_file


@pytest.fixture
async def servers(tmp_path: Path) -> AsyncIterator[Servers]:
    s = Servers(tmp_path)
    try:
        yield s
    finally:
        await s.close()


@pytest.fixture
async def package_url(servers: Servers) -> str:
    """Base URL of a loopback HTTP server offering the files of tmp_path."""
    return (await servers.files()).url


@pytest.fixture
def make_pkg(tmp_path: Path, package_url: str) -> Callable[..., Package]:
    def make(*args: Any, **kwargs: Any) -> Package:
        return make_package_file(tmp_path, *args, base_url=package_url, **kwargs)

    return make


@pytest.fixture
def pkg(make_pkg: Callable[..., Package]) -> Package:
    return make_pkg()


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=10.0) as client:
        yield client
