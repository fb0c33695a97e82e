"""Prometheus metrics of one application (its own registry, no process globals)."""

from __future__ import annotations

from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

CONTENT_TYPE = CONTENT_TYPE_LATEST


class Metrics:
    def __init__(self) -> None:
        self._children: dict[tuple[str, str, str, int], tuple[Any, Any]] = {}
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "op_http_requests",
            "HTTP requests served, by interface, operation and status code",
            ["interface", "operation", "method", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "op_http_request_duration_seconds",
            "Time to answer an HTTP request, by interface and operation",
            ["interface", "operation"],
            registry=self.registry,
        )
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
        key = (interface, operation, method, status)
        children = self._children.get(key)
        if children is None:  # label lookups are slow; each combination is looked up once
            children = (
                self.requests.labels(interface, operation, method, str(status)),
                self.latency.labels(interface, operation),
            )
            self._children[key] = children
        children[0].inc()
        children[1].observe(seconds)

    def render(self) -> bytes:
        return generate_latest(self.registry)
