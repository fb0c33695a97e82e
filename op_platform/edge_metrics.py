"""``/metrics`` for the edge sites the OP watches, read from the watchers' last readings when
scraped: per zone its health, availability and capacity; per node its power draw and limit,
each temperature, its health as the gateway says and the OP's judgement, and the seconds to the
predicted crossing of a limit; per site whether its gateway answered and how it was read."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from op_platform.services.edge.watcher import SiteWatcher

ZONE_HEALTH = {"OK": 0, "Degraded": 1, "Down": 2}
NODE_CONDITION = {"ok": 0, "at_risk": 1, "down": 2}
REDFISH_HEALTH = {"OK": 0, "Warning": 1, "Critical": 2}


ZONE, NODE = ["zone"], ["zone", "node"]
GAUGES = (
    ("zone_health", "op_edge_zone_health", "Zone health: 0 OK, 1 Degraded, 2 Down", ZONE),
    ("zone_available", "op_edge_zone_available", "1 while the zone is AVAILABLE", ZONE),
    ("zone_cpus", "op_edge_zone_cpus", "CPU cores of the zone's nodes that are up", ZONE),
    ("reachable", "op_edge_site_reachable", "1 when the last read of the site worked", ZONE),
    ("subscribed", "op_edge_site_subscribed", "1 while the site pushes events to the OP", ZONE),
    ("power", "op_edge_node_power_watts", "Power drawn by the node", NODE),
    ("limit", "op_edge_node_power_limit_watts", "The node's power limit", NODE),
    (
        "temperature",
        "op_edge_node_temperature_celsius",
        "Temperature of each sensor of the node",
        [*NODE, "sensor"],
    ),
    ("health", "op_edge_node_health", "Gateway health: 0 OK, 1 Warning, 2 Critical", NODE),
    (
        "condition",
        "op_edge_node_condition",
        "The OP's judgement: 0 ok, 1 at risk (predicted to fail), 2 down",
        NODE,
    ),
    (
        "predicted",
        "op_edge_node_predicted_failure_seconds",
        "Seconds to the predicted crossing of a limit (only for nodes at risk)",
        NODE,
    ),
)


class EdgeCollector(Collector):
    def __init__(self, watchers: Callable[[], Iterable[SiteWatcher]]) -> None:
        self._watchers = watchers

    def collect(self) -> Iterator[Metric]:
        g = {
            key: GaugeMetricFamily(name, text, labels=labels) for key, name, text, labels in GAUGES
        }
        reads = CounterMetricFamily(
            "op_edge_site_reads", "Reads of the site: poll or event", labels=["zone", "kind"]
        )
        for watcher in self._watchers():
            z = watcher.zone_id
            status = watcher.status
            g["reachable"].add_metric([z], 1.0 if status.reachable else 0.0)
            g["subscribed"].add_metric([z], 1.0 if watcher.subscription else 0.0)
            reads.add_metric([z, "poll"], status.polls)
            reads.add_metric([z, "event"], status.event_reads)
            if status.outcome is not None:
                g["zone_health"].add_metric([z], ZONE_HEALTH.get(status.outcome.health, 2))
                g["zone_available"].add_metric([z], status.outcome.status == "AVAILABLE")
                g["zone_cpus"].add_metric([z], status.outcome.cpus)
            for node_id, judged in sorted(status.nodes.items()):
                r = judged.reading
                if r.power_watts is not None:
                    g["power"].add_metric([z, node_id], r.power_watts)
                if r.power_limit_watts is not None:
                    g["limit"].add_metric([z, node_id], r.power_limit_watts)
                for lim in r.limits:
                    if lim.metric != "power":
                        sensor = lim.metric.removeprefix("temp:")
                        g["temperature"].add_metric([z, node_id, sensor], lim.value)
                g["health"].add_metric([z, node_id], REDFISH_HEALTH.get(r.health or "", 2))
                g["condition"].add_metric([z, node_id], NODE_CONDITION[judged.condition])
                if judged.prediction is not None:
                    g["predicted"].add_metric([z, node_id], judged.prediction.seconds)
        yield from g.values()
        yield reads
