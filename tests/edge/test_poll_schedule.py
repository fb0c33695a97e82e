"""Polls keep their rate: each is due one interval after the previous one was due, so a late
start does not push the later polls back, and a poll more than an interval late skips the ones
it missed instead of running them back to back."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

import pytest

from op_platform.services.edge import watcher as watcher_module
from op_platform.services.edge.watcher import SiteWatcher
from op_platform.settings import EdgeSite, Settings
from tests.helpers.clock import Clock


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(watcher_module.time, "monotonic", clock)
    return clock


def make_watcher(tmp_path: Path, zone_id: str = "zone-1") -> SiteWatcher:
    site = EdgeSite.model_validate(
        {"url": "https://gw.example.net", "password": "x", "poll_interval": 30}
    )
    settings = Settings(operator_id="op-1", country_code="ES", data_dir=str(tmp_path))
    none = cast(Any, None)
    return SiteWatcher(zone_id, site, none, none, settings, "https://op/receiver", "t")


def test_the_first_poll_is_due_at_once_then_one_interval_after_it_was_due(
    tmp_path: Path, clock: Clock
) -> None:
    watcher = make_watcher(tmp_path)
    assert watcher.seconds_to_poll() == 0
    watcher._schedule_next()
    phase = watcher.phase
    assert 0 <= phase < 30
    assert watcher.seconds_to_poll() == pytest.approx(30 + phase)
    clock.now += 30.7 + phase  # the poll starts 0.7 s late (a busy loop)
    assert watcher.seconds_to_poll() == 0
    watcher._schedule_next()
    assert watcher.seconds_to_poll() == pytest.approx(29.3)  # not 30: the rate holds


def test_sites_started_together_poll_at_different_moments(tmp_path: Path, clock: Clock) -> None:
    phases = {make_watcher(tmp_path, f"zone-{n}").phase for n in range(20)}
    assert len(phases) == 20 and all(0 <= p < 30 for p in phases)
    assert max(phases) - min(phases) > 15  # spread over the interval
    assert make_watcher(tmp_path, "zone-3").phase == make_watcher(tmp_path, "zone-3").phase


def test_a_poll_more_than_an_interval_late_skips_what_it_missed(
    tmp_path: Path, clock: Clock
) -> None:
    watcher = make_watcher(tmp_path)
    watcher._schedule_next()
    clock.now += 95  # three intervals passed (a gateway that hung)
    watcher._schedule_next()
    assert watcher.seconds_to_poll() == 30  # not 0: never more often than configured
