"""The HTTP request metrics as Prometheus reads them: one counter per interface, operation,
method and status, one histogram of durations per interface and operation (cumulative buckets,
their count and sum)."""

from __future__ import annotations

from prometheus_client.parser import text_string_to_metric_families

from op_platform.metrics import Metrics


def _samples(metrics: Metrics) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    found = {}
    for family in text_string_to_metric_families(metrics.render().decode()):
        for sample in family.samples:
            found[(sample.name, frozenset(sample.labels.items()))] = sample.value
    return found


def test_requests_are_counted_and_timed() -> None:
    metrics = Metrics()
    for seconds in (0.003, 0.3, 30.0):
        metrics.observe("ewbi", "GetZoneData", "GET", 200, seconds)
    metrics.observe("ewbi", "GetZoneData", "GET", 404, 0.004)
    found = _samples(metrics)
    zone = {("interface", "ewbi"), ("operation", "GetZoneData")}

    def count(status: str) -> float:
        labels = frozenset({*zone, ("method", "GET"), ("status", status)})
        return found[("op_http_requests_total", labels)]

    def bucket(le: str) -> float:
        return found[("op_http_request_duration_seconds_bucket", frozenset({*zone, ("le", le)}))]

    assert count("200") == 3 and count("404") == 1
    assert [bucket(le) for le in ("0.005", "0.25", "0.5", "10.0", "+Inf")] == [2, 2, 3, 3, 4]
    assert found[("op_http_request_duration_seconds_count", frozenset(zone))] == 4
    assert abs(found[("op_http_request_duration_seconds_sum", frozenset(zone))] - 30.307) < 1e-9
