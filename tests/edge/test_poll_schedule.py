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


def make_watcher(tmp_path: Path) -> SiteWatcher:
    site = EdgeSite.model_validate(
        {"url": "https://gw.example.net", "password": "x", "poll_interval": 30}
    )
    settings = Settings(operator_id="op-1", country_code="ES", data_dir=str(tmp_path))
    none = cast(Any, None)
    return SiteWatcher("zone-1", site, none, none, settings, "https://op/receiver", "t")


def test_the_first_poll_is_due_at_once_then_one_interval_after_it_was_due(
    tmp_path: Path, clock: Clock
) -> None:
    watcher = make_watcher(tmp_path)
    assert watcher.seconds_to_poll() == 0
    watcher._schedule_next()
    assert watcher.seconds_to_poll() == 30
    clock.now += 30.7  # the poll starts 0.7 s late (a busy loop)
    assert watcher.seconds_to_poll() == 0
    watcher._schedule_next()
    assert watcher.seconds_to_poll() == pytest.approx(29.3)  # not 30: the rate holds


def test_a_poll_more_than_an_interval_late_skips_what_it_missed(
    tmp_path: Path, clock: Clock
) -> None:
    watcher = make_watcher(tmp_path)
    watcher._schedule_next()
    clock.now += 95  # three intervals passed (a gateway that hung)
    watcher._schedule_next()
    assert watcher.seconds_to_poll() == 30  # not 0: never more often than configured
