"""``benchmarks/run --quick`` works end to end: every target of the issue gets a row, the flows
are each counted once at both MEOs and both OPs, the outbox loses, duplicates and reorders
nothing. The figures themselves are never asserted (they depend on the machine)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.delivery import _order_problems
from benchmarks.flows import _cpu_per_flow
from benchmarks.table import Result, render

ROOT = Path(__file__).resolve().parents[2]
TARGETS = [
    "EWBI GetZoneData [sqlite] >= 0.5x bare aiohttp",
    "EWBI GetZoneData [sqlite] >= 10x Prism",
    "NBI GET /edge-cloud-zones [sqlite] >= 0.5x bare aiohttp",
    "NBI GET /edge-cloud-zones [sqlite] >= 10x Prism",
    "one cross-network flow [sqlite] p50 <= 10x 4-hop chain",
    "10 concurrent flows [sqlite] >= 100 flows/s",
    "10 flows [sqlite] counted once at both MEOs and both OPs",
    "RSS per OP after 10 flows [sqlite] <= 150 MB",
    "outbox to one partner [sqlite] >= 1,000 msgs/s, order per key",
    "GetZoneData p50 flat with size [sqlite] <= 1.5x",
    "onboarding p50 flat with size [sqlite] <= 1.5x",
]


def _rows(output: str) -> dict[str, list[str]]:
    rows = {}
    for line in output.splitlines():
        if line.startswith("| ") and not line.startswith("| target"):
            cells = [cell.strip() for cell in line.strip("|").split("|")]
            rows[cells[0]] = cells
    return rows


@pytest.fixture(scope="module")
def quick_run() -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHON": sys.executable}
    return subprocess.run(
        [str(ROOT / "benchmarks" / "run"), "--quick", "--no-install"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=1200,
        check=False,
    )


def test_the_quick_run_prints_every_target(quick_run: subprocess.CompletedProcess[str]) -> None:
    assert quick_run.returncode == 0, quick_run.stdout + quick_run.stderr
    rows = _rows(quick_run.stdout)
    assert sorted(rows) == sorted(TARGETS), quick_run.stdout
    for target, cells in rows.items():
        assert cells[4] in ("yes", "NO", "skip"), target
        if cells[4] == "skip":
            assert "Prism" in target and cells[5], "a skipped row says why"


def test_the_quick_run_loses_and_duplicates_nothing(
    quick_run: subprocess.CompletedProcess[str],
) -> None:
    rows = _rows(quick_run.stdout)
    counted = rows["10 flows [sqlite] counted once at both MEOs and both OPs"]
    assert counted[1] == "MEO1 10, MEO2 10, op-1 10, op-2 10"
    assert counted[4] == "yes", counted
    outbox = rows["outbox to one partner [sqlite] >= 1,000 msgs/s, order per key"]
    assert not any(word in outbox[5] for word in ("lost", "duplicated", "out of order")), outbox


def test_order_problems_names_loss_duplicates_and_disorder() -> None:
    sent = [{"key": n % 2, "seq": n} for n in range(6)]
    assert _order_problems(sent, 6) == []
    swapped = [sent[2], sent[1], sent[0], sent[3], sent[4], sent[5]]
    assert _order_problems(swapped, 6) == ["1 out of order within their key"]
    assert _order_problems([*sent[:5], sent[4]], 6) == ["1 lost", "1 duplicated"]


def test_render_says_why_a_target_does_not_hold() -> None:
    table = render(
        [
            Result("a >= 1x b", "10 req/s", "20 req/s", "0.50x", False, "slow"),
            Result("c", "-", "-", "-", None, "not installed"),
        ]
    )
    lines = table.splitlines()
    assert lines[0].startswith("| target")
    assert "| NO " in lines[2] and "| skip " in lines[3]
    assert len({len(line) for line in lines}) == 1  # aligned columns


def test_cpu_per_flow_names_the_busiest_servers_and_the_bound_of_the_cores(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    before = {"op-1": 1.0, "op-2": 2.0, "meo": 0.5, "gone": 3.0}
    after = {"op-1": 2.0, "op-2": 2.5, "meo": 0.5, "new": 9.0}
    note = _cpu_per_flow(before, after, 10)
    # 1.5 s for 10 flows: 150 ms each; only servers running before and after count.
    assert note == (
        "CPU per flow 150.0 ms (op-1 100.0 ms, op-2 50.0 ms); 2 cores bound it to 13 flows/s"
    )
    assert _cpu_per_flow(before, after, 0) == "CPU per flow unknown"
