"""Prometheus metrics of one application (its own registry, no process globals)."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator

from prometheus_client import CollectorRegistry, Counter, Gauge, generate_latest
from prometheus_client.core import CounterMetricFamily, HistogramMetricFamily, Metric
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from prometheus_client.registry import Collector

CONTENT_TYPE = CONTENT_TYPE_LATEST
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0)


class HttpRequests(Collector):
    """``op_http_requests_total`` and ``op_http_request_duration_seconds``: counted in plain
    dictionaries on every request (one event loop writes them, so no lock) and turned into
    Prometheus families only when scraped. A labelled Prometheus counter and histogram take a
    lock per increment and walk the buckets, which shows in the cost of a cached read."""

    def __init__(self) -> None:
        self._counts: dict[tuple[str, str, str, int], int] = {}
        self._latency: dict[tuple[str, str], list[float]] = {}  # per bucket, +Inf, then the sum

    def observe(
        self, interface: str, operation: str, method: str, status: int, seconds: float
    ) -> None:
        key = (interface, operation, method, status)
        self._counts[key] = self._counts.get(key, 0) + 1
        latency = self._latency.get((interface, operation))
        if latency is None:
            latency = self._latency[(interface, operation)] = [0.0] * (len(BUCKETS) + 2)
        latency[bisect_left(BUCKETS, seconds)] += 1
        latency[-1] += seconds

    def collect(self) -> Iterator[Metric]:
        requests = CounterMetricFamily(
            "op_http_requests",
            "HTTP requests served, by interface, operation and status code",
            labels=["interface", "operation", "method", "status"],
        )
        for (interface, operation, method, status), count in list(self._counts.items()):
            requests.add_metric([interface, operation, method, str(status)], count)
        latency = HistogramMetricFamily(
            "op_http_request_duration_seconds",
            "Time to answer an HTTP request, by interface and operation",
            labels=["interface", "operation"],
        )
        for labels, values in list(self._latency.items()):
            cumulative, buckets = 0.0, []
            for bound, seen in zip((*map(str, BUCKETS), "+Inf"), values[:-1], strict=True):
                cumulative += seen
                buckets.append((bound, cumulative))
            latency.add_metric(list(labels), buckets, values[-1])
        yield requests
        yield latency


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.http = HttpRequests()
        self.registry.register(self.http)
        self.outbox_delivered = self._outbox_counter("delivered", "Outbox messages delivered")
        self.outbox_retried = self._outbox_counter(
            "retried", "Outbox delivery attempts that failed and will be retried"
        )
        self.outbox_dead = self._outbox_counter(
            "dead", "Outbox messages given up (refused by the receiver or out of attempts)"
        )
        self.outbox_messages = Gauge(
            "op_outbox_messages",
            "Outbox messages in the database, by status (sampled by the worker)",
            ["status"],
            registry=self.registry,
        )

    def _outbox_counter(self, outcome: str, documentation: str) -> Counter:
        """``op_outbox_<outcome>``: the outbox's messages of one outcome, by message kind."""
        return Counter(
            f"op_outbox_{outcome}", f"{documentation}, by kind", ["kind"], registry=self.registry
        )

    def observe(
        self, interface: str, operation: str, method: str, status: int, seconds: float
    ) -> None:
        self.http.observe(interface, operation, method, status, seconds)

    def render(self) -> bytes:
        return generate_latest(self.registry)
