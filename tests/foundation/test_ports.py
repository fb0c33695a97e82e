"""Ports for in-process servers come from below the ephemeral range and are never repeated."""

from __future__ import annotations

import socket
from itertools import pairwise

import pytest

from op_platform.ports import RANGE_ENV, _ephemeral_start, free_port, port_range, worker_range


def test_ports_are_distinct_bindable_and_not_ephemeral() -> None:
    ports = [free_port() for _ in range(50)]
    assert len(set(ports)) == 50
    assert all(port < _ephemeral_start() for port in ports)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", ports[0]))


def test_a_port_range_of_ones_own_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(RANGE_ENV, "20000-20100")
    ports = [free_port() for _ in range(20)]
    assert all(20000 <= port < 20100 for port in ports)


def test_worker_ranges_do_not_overlap_and_stay_below_the_ephemeral_range() -> None:
    ranges = [tuple(int(p) for p in worker_range(i, 3).split("-")) for i in range(3)]
    for (_, high), (low, _) in pairwise(ranges):
        assert high <= low
    assert ranges[-1][1] <= _ephemeral_start()


@pytest.mark.parametrize("text", ["10", "b-c", "300-200", "0-100", "100-70000"])
def test_a_malformed_port_range_is_refused_by_name(
    monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    monkeypatch.setenv(RANGE_ENV, text)
    with pytest.raises(ValueError, match=RANGE_ENV):
        port_range()
