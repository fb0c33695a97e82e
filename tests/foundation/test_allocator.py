"""The serving process's malloc tuning: every parameter set through mallopt, nothing done off
glibc, and the setting that leaves the allocator alone."""

from __future__ import annotations

import platform
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from op_platform import allocator
from op_platform.cli import main


class Recorder:
    def __init__(self, refuse: int | None = None) -> None:
        self.calls: list[tuple[int, int]] = []
        self.refuse = refuse

    def __call__(self, parameter: int, value: int) -> int:
        self.calls.append((parameter, value))
        return 0 if parameter == self.refuse else 1


def test_every_parameter_is_set() -> None:
    mallopt = Recorder()
    assert allocator.tune_malloc(mallopt) is True
    assert dict(mallopt.calls) == allocator.TUNING
    assert (allocator.M_MMAP_THRESHOLD, allocator.MMAP_THRESHOLD) in mallopt.calls
    assert (allocator.M_ARENA_MAX, allocator.ARENA_MAX) in mallopt.calls


def test_a_refused_parameter_is_reported_and_the_others_still_set() -> None:
    mallopt = Recorder(refuse=allocator.M_ARENA_MAX)
    assert allocator.tune_malloc(mallopt) is False
    assert len(mallopt.calls) == len(allocator.TUNING)


class NotGlibc:
    """A C library with a mallopt but not glibc's (musl has one that does nothing)."""

    def __init__(self, _name: object) -> None:
        self.mallopt = Recorder()


def test_nothing_is_done_off_glibc(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(allocator.ctypes, "CDLL", NotGlibc)
    assert allocator.glibc_mallopt() is None
    assert allocator.tune_malloc() is False


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="glibc only")
def test_glibc_takes_every_parameter() -> None:
    code = "from op_platform.allocator import tune_malloc; print(tune_malloc())"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


@pytest.mark.parametrize(("setting", "tuned"), [("", 1), ("malloc_tuning = false\n", 0)])
def test_serve_tunes_unless_the_setting_says_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, setting: str, tuned: int
) -> None:
    from op_platform import app, server

    calls: list[None] = []
    monkeypatch.setattr(allocator, "tune_malloc", lambda: calls.append(None) or True)
    monkeypatch.setattr(app, "create_app", lambda settings: object())

    async def run_app(*args: Any, **kwargs: Any) -> None:
        return None

    monkeypatch.setattr(server, "run_app", run_app)
    config = tmp_path / "op.toml"
    config.write_text(f'operator_id = "op-x"\ncountry_code = "ES"\n{setting}')
    assert main(["serve", "--config", str(config)]) == 0
    assert len(calls) == tuned


def test_the_threshold_keeps_socket_reads_off_mmap_and_password_hashes_on_it() -> None:
    """asyncio reads a socket into a buffer of ``max_size`` bytes (plus the bytes object's
    header) on every read: below the threshold, or each read maps and unmaps memory. scrypt's
    work memory (128 * r * 2**LOG2_N bytes) must stay above it, so that it goes back when freed."""
    from asyncio.selector_events import _SelectorSocketTransport

    from op_platform.security import passwords

    assert _SelectorSocketTransport.max_size + 4096 < allocator.MMAP_THRESHOLD
    assert 128 * passwords.R * 2**passwords.LOG2_N > allocator.MMAP_THRESHOLD
