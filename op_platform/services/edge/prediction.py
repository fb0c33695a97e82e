"""Fault prediction: each node's readings (temperatures against their critical thresholds, power
draw against its limit) are kept over the last few samples; a least-squares line through them
says when each would cross its limit. A node whose first crossing falls within the horizon is
*at risk* before anything has failed.

Samples are timed by the gateway's own reading time when the sensors give it (so a gateway whose
clock runs faster, as the lab's can, is judged on its own time), else by the OP's clock.
"""

from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass

from op_platform.services.edge.readings import NodeReading


@dataclass(frozen=True)
class Prediction:
    metric: str
    seconds: float
    limit: float

    def describe(self) -> str:
        what = "power draw" if self.metric == "power" else self.metric.removeprefix("temp:")
        unit = "W" if self.metric == "power" else "degC"
        return (
            f"{what} is predicted to cross its limit of {self.limit:g} {unit} "
            f"in {self.seconds:.0f} s"
        )


def slope(samples: list[tuple[float, float]]) -> float | None:
    """Least-squares slope of (time, value) samples; None with too few distinct times."""
    n = len(samples)
    if n < 2:
        return None
    mean_t = sum(t for t, _ in samples) / n
    mean_v = sum(v for _, v in samples) / n
    spread = sum((t - mean_t) ** 2 for t, _ in samples)
    if spread <= 0:
        return None
    return sum((t - mean_t) * (v - mean_v) for t, v in samples) / spread


class Trends:
    """The recent samples of every node's limited readings, for one site."""

    def __init__(self, samples: int) -> None:
        self.samples = samples
        self._series: dict[tuple[str, str], deque[tuple[float, float]]] = {}

    def add(self, reading: NodeReading) -> None:
        moment = reading.sampled_at if reading.sampled_at is not None else time.time()
        for limit in reading.limits:
            series = self._series.setdefault(
                (reading.node_id, limit.metric), deque(maxlen=self.samples)
            )
            if series and series[-1][0] >= moment:
                continue  # the same reading again (or an older one)
            series.append((moment, limit.value))

    def forget(self, node_id: str) -> None:
        for key in [k for k in self._series if k[0] == node_id]:
            del self._series[key]

    def predict(self, reading: NodeReading, horizon: float) -> Prediction | None:
        """The soonest crossing within ``horizon`` seconds, if any."""
        if reading.down:
            return None
        found: Prediction | None = None
        for limit in reading.limits:
            rate = slope(list(self._series.get((reading.node_id, limit.metric), ())))
            if rate is None or rate <= 0:
                continue
            seconds = max(0.0, (limit.limit - limit.value) / rate)
            if seconds <= horizon and (found is None or seconds < found.seconds):
                found = Prediction(limit.metric, seconds, limit.limit)
        return found
