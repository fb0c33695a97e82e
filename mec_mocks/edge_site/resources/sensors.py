"""Sensors of a node's chassis: temperatures, power, coolant level and fan speeds, each with its
Reading, ReadingUnits and Thresholds."""

from __future__ import annotations

from collections.abc import Mapping

from mec_mocks.edge_site import paths
from mec_mocks.edge_site.errors import NotFound
from mec_mocks.edge_site.gateway import Gateway
from mec_mocks.edge_site.model import HEALTH_ORDER, Node, SensorSpec, fan_sensor
from mec_mocks.edge_site.profiles import Thresholds
from mec_mocks.edge_site.resources.common import Resource, collection, head, status

_RELATED = {"CPU": "Processors/CPU1"}


def specs(gw: Gateway) -> list[SensorSpec]:
    first = next(iter(gw.site.nodes.values()))
    return gw.site.sensors + [fan_sensor(f.id) for f in first.fans]


def sensors(gw: Gateway, match: Mapping[str, str]) -> Resource:
    node = gw.node(match["chassis"])
    uris = (paths.sensor(node.id, s.id) for s in specs(gw))
    return collection("Sensor", f"{paths.chassis(node.id)}/Sensors", "Sensors", uris)


def thresholds(th: Thresholds) -> Resource:
    side = "Upper" if th.side == "upper" else "Lower"
    body: Resource = {
        f"{side}Caution": {"Reading": th.caution},
        f"{side}Critical": {"Reading": th.critical},
    }
    if th.fatal is not None:
        body[f"{side}Fatal"] = {"Reading": th.fatal}
    return body


def reading(node: Node, spec: SensorSpec) -> float:
    fan = next((f for f in node.fans if f.id == spec.id), None)
    if fan is not None:
        return fan.speed
    return node.readings.get(spec.id, 0.0)


def sensor(gw: Gateway, match: Mapping[str, str]) -> Resource:
    node = gw.node(match["chassis"])
    sid = match["sensor"]
    spec = next((s for s in specs(gw) if s.id == sid), None)
    if spec is None:
        raise NotFound(args=(paths.sensor(node.id, sid),))
    body = head("Sensor", paths.sensor(node.id, sid), sid, spec.name)
    fan = next((f for f in node.fans if f.id == sid), None)
    health = HEALTH_ORDER[min(node.levels.get(sid, 0), 2)]
    if fan is not None and fan.failed:
        health = "Critical"
    body.update(
        {
            "ReadingType": spec.reading_type,
            "Reading": reading(node, spec),
            "ReadingUnits": spec.units,
            "ReadingRangeMin": 0,
            "ReadingRangeMax": spec.range_max,
            "PhysicalContext": spec.context,
            "ReadingTime": gw.timestamp(),
            "Status": status(health),
        }
    )
    if spec.thresholds is not None:
        body["Thresholds"] = thresholds(spec.thresholds)
    if spec.id in ("CPUTemp",):
        body["RelatedItem"] = [{"@odata.id": f"{paths.system(node.id)}/{_RELATED['CPU']}"}]
    return body


def excerpt(node: Node, sensor_id: str, value: float | None = None) -> Resource:
    """A SensorExcerpt pointing at the sensor (as EnvironmentMetrics and friends carry them)."""
    reading_ = node.readings.get(sensor_id, 0.0) if value is None else value
    return {"Reading": reading_, "DataSourceUri": paths.sensor(node.id, sensor_id)}
