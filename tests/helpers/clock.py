"""A clock a test moves by hand (``clock.now += 30``), for code that reads a monotonic time."""

from __future__ import annotations


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now
