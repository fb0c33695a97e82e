"""The fuzz lab, started once for the module, and the summary printed at the end of the run."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fuzz.background import BackgroundLoop
from tests.fuzz.lab import Lab
from tests.fuzz.runner import Tally

TALLIES: list[Tally] = []


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    loop = BackgroundLoop()
    running = Lab(loop, Path(tmp_path_factory.mktemp("fuzz")))
    try:
        yield running.start()
    finally:
        try:
            running.stop()
        finally:
            loop.close()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if TALLIES:
        terminalreporter.section("schemathesis: operations and 2xx answers per interface")
        for tally in TALLIES:
            terminalreporter.line(tally.line())
