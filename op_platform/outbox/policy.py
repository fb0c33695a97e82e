"""When to retry, how long to wait, and when to stop calling a destination for a while.

* 2xx: delivered.
* 408, 425, 429, 5xx, and no answer at all (connection refused, timeout, broken response):
  retried with exponential backoff and full jitter, ``uniform(0, min(max_delay, base * 2**(n-1)))``
  after the n-th attempt; dead once ``max_attempts`` attempts have failed. When the receiver
  answered with ``Retry-After``, the next attempt is not earlier than it asked (capped by
  ``max_delay``).
* Any other status (3xx, 4xx): dead at once: the receiver understood and refused.

The circuit breaker is per destination and in memory (the rows are what is durable): after
``threshold`` consecutive retryable failures the destination is held for ``cooldown`` seconds,
then one message is let through as a probe; its success closes the breaker, its failure opens it
again.
"""

from __future__ import annotations

import enum
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from op_platform.settings import OutboxSettings

RETRYABLE_STATUS = frozenset({408, 425, 429})
# 5xx that no retry changes: the receiver does not implement the operation (a partner without
# an extension), or not the HTTP version.
FINAL_SERVER_STATUS = frozenset({501, 505})


class Verdict(enum.StrEnum):
    DELIVERED = "delivered"
    RETRY = "retry"
    DEAD = "dead"


def classify(status: int | None) -> Verdict:
    """The verdict on an attempt, from the status answered (None: no answer)."""
    if status is None:
        return Verdict.RETRY
    if 200 <= status < 300:
        return Verdict.DELIVERED
    if status in FINAL_SERVER_STATUS:
        return Verdict.DEAD
    if status in RETRYABLE_STATUS or status >= 500:
        return Verdict.RETRY
    return Verdict.DEAD


def backoff(attempts: int, settings: OutboxSettings) -> float:
    """Seconds to wait after the ``attempts``-th failed attempt (full jitter)."""
    exponent = min(max(attempts - 1, 0), 62)
    cap = min(settings.max_delay, settings.base_delay * 2.0**exponent)
    return random.uniform(0.0, cap)


def retry_delay(attempts: int, settings: OutboxSettings, retry_after: float | None) -> float:
    """Seconds to wait before the next attempt: the backoff, or at least the receiver's
    ``Retry-After`` (never more than ``max_delay``)."""
    delay = backoff(attempts, settings)
    if retry_after is None:
        return delay
    return max(delay, min(retry_after, settings.max_delay))


@dataclass
class _State:
    failures: int = 0
    open_until: float = 0.0
    probing: bool = False


@dataclass
class CircuitBreaker:
    threshold: int
    cooldown: float
    clock: Callable[[], float] = field(default=time.monotonic)
    _states: dict[str, _State] = field(default_factory=dict)

    def _now(self) -> float:
        return self.clock()

    def state(self, destination: str) -> str:
        entry = self._states.get(destination)
        if entry is None or entry.failures < self.threshold:
            return "closed"
        return "open" if self._now() < entry.open_until else "half-open"

    def held(self) -> list[str]:
        """Destinations that must not be claimed now: open, or half-open with a probe out."""
        now = self._now()
        return [
            name
            for name, entry in self._states.items()
            if entry.failures >= self.threshold and (now < entry.open_until or entry.probing)
        ]

    def on_claim(self, destination: str) -> None:
        entry = self._states.get(destination)
        if entry is not None and entry.failures >= self.threshold:
            entry.probing = True

    def on_success(self, destination: str) -> None:
        self._states.pop(destination, None)

    def on_failure(self, destination: str) -> None:
        entry = self._states.setdefault(destination, _State())
        entry.failures += 1
        entry.probing = False
        if entry.failures >= self.threshold:
            entry.open_until = self._now() + self.cooldown

    def on_release(self, destination: str) -> None:
        entry = self._states.get(destination)
        if entry is not None:
            entry.probing = False
