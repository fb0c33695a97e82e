"""A node's ThermalSubsystem: fans, temperature metrics and, in an immersion tank, the coolant
connector and the leak detector (as the liquid-cooling resources of Redfish shape them)."""

from __future__ import annotations

from collections.abc import Mapping

from mec_mocks.edge_site import paths
from mec_mocks.edge_site.errors import NotFound
from mec_mocks.edge_site.faults import LEAK_DETECTOR
from mec_mocks.edge_site.gateway import Gateway
from mec_mocks.edge_site.model import HEALTH_ORDER, Node, inlet_sensor
from mec_mocks.edge_site.resources import common as rf
from mec_mocks.edge_site.resources.common import Resource
from mec_mocks.edge_site.resources.sensors import excerpt

TANK = "Tank"


def _node(gw: Gateway, match: Mapping[str, str]) -> Node:
    return gw.node(match["chassis"])


def _immersion(
    gw: Gateway, match: Mapping[str, str], path: str, item: str | None = None, only: str = ""
) -> tuple[Node, str]:
    """The node and the URI ``path`` under its chassis, on an immersion-cooled site only (and
    when ``item`` is the ``only`` one): 404 naming the URI otherwise."""
    node = _node(gw, match)
    uri = f"{paths.chassis(node.id)}/{path}"
    if gw.site.profile.cooling != "immersion" or (item is not None and item != only):
        raise NotFound(args=(uri,))
    return node, uri


def _fans_health(node: Node) -> str:
    working = sum(not f.failed for f in node.fans)
    if working == len(node.fans):
        return "OK"
    return "Warning" if working else "Critical"


def thermal_subsystem(gw: Gateway, match: Mapping[str, str]) -> Resource:
    node = _node(gw, match)
    uri = paths.thermal(node.id)
    body = rf.head("ThermalSubsystem", uri, "ThermalSubsystem", "Thermal subsystem")
    fans = [paths.fan(node.id, f.id) for f in node.fans]
    body.update(
        {
            "Status": rf.status(node.health if node.health != "OK" else _fans_health(node)),
            "Fans": rf.link(f"{uri}/Fans"),
            "ThermalMetrics": rf.link(f"{uri}/ThermalMetrics"),
            "FanRedundancy": [
                {
                    "RedundancyType": "NPlusM",
                    "MaxSupportedInGroup": len(fans),
                    "MinNeededInGroup": max(1, len(fans) - 1),
                    "RedundancyGroup": rf.links(fans),
                    "Status": rf.status(_fans_health(node)),
                }
            ],
        }
    )
    if gw.site.profile.cooling == "immersion":
        body["CoolantConnectors"] = rf.link(f"{uri}/CoolantConnectors")
        body["LeakDetection"] = rf.link(f"{uri}/LeakDetection")
    return body


def thermal_metrics(gw: Gateway, match: Mapping[str, str]) -> Resource:
    node = _node(gw, match)
    uri = f"{paths.thermal(node.id)}/ThermalMetrics"
    inlet = inlet_sensor(gw.site.profile)
    temps = [s.id for s in gw.site.sensors if s.reading_type == "Temperature"]
    body = rf.head("ThermalMetrics", uri, "ThermalMetrics", "Thermal metrics")
    summary = {"Internal": excerpt(node, "CPUTemp")}
    summary["Intake" if inlet == "InletTemp" else "Ambient"] = excerpt(node, inlet)
    body["TemperatureSummaryCelsius"] = summary
    body["TemperatureReadingsCelsius"] = [{"DeviceName": t, **excerpt(node, t)} for t in temps]
    return body


def fans(gw: Gateway, match: Mapping[str, str]) -> Resource:
    node = _node(gw, match)
    uris = (paths.fan(node.id, f.id) for f in node.fans)
    return rf.collection("Fan", f"{paths.thermal(node.id)}/Fans", "Fans", uris)


def fan(gw: Gateway, match: Mapping[str, str]) -> Resource:
    node = _node(gw, match)
    uri = paths.fan(node.id, match["fan"])
    item = rf.find(node.fans, match["fan"], uri)
    body = rf.replaceable("Fan", uri, f"Fan {item.id}", item, node.fans)
    body["PhysicalContext"] = "Chassis"
    body["SpeedPercent"] = {
        "Reading": item.speed,
        "SpeedRPM": round(item.speed * 120),
        "DataSourceUri": paths.sensor(node.id, item.id),
    }
    return body


def coolant_connectors(gw: Gateway, match: Mapping[str, str]) -> Resource:
    _, uri = _immersion(gw, match, "ThermalSubsystem/CoolantConnectors")
    return rf.collection("CoolantConnector", uri, "Coolant connectors", [f"{uri}/{TANK}"])


def coolant_connector(gw: Gateway, match: Mapping[str, str]) -> Resource:
    connector = match["connector"]
    path = f"ThermalSubsystem/CoolantConnectors/{connector}"
    node, uri = _immersion(gw, match, path, connector, TANK)
    coolant = [node.levels.get(s.id, 0) for s in gw.site.sensors if s.id.startswith("Coolant")]
    return rf.resource(
        "CoolantConnector",
        uri,
        TANK,
        "Immersion tank coolant",
        {
            "Status": rf.status(HEALTH_ORDER[min(max(coolant, default=0), 2)]),
            "CoolantConnectorType": "Closed",
            "Coolant": {"CoolantType": "Dielectric"},
            "SupplyTemperatureCelsius": excerpt(node, "CoolantTemp"),
        },
    )


def leak_detection(gw: Gateway, match: Mapping[str, str]) -> Resource:
    node, uri = _immersion(gw, match, "ThermalSubsystem/LeakDetection")
    state = "Critical" if node.leak else "OK"
    return rf.singleton(
        "LeakDetection",
        uri,
        "Leak detection",
        {
            "Status": rf.status(state),
            "LeakDetectorGroups": [
                {
                    "GroupName": "Tank",
                    "Status": rf.status(state),
                    "Detectors": [
                        {
                            "DataSourceUri": paths.leak_detector(node.id, LEAK_DETECTOR),
                            "DetectorState": state,
                        }
                    ],
                }
            ],
        },
    )


def leak_detectors(gw: Gateway, match: Mapping[str, str]) -> Resource:
    _, uri = _immersion(gw, match, "LeakDetectors")
    return rf.collection("LeakDetector", uri, "Leak detectors", [f"{uri}/{LEAK_DETECTOR}"])


def leak_detector(gw: Gateway, match: Mapping[str, str]) -> Resource:
    detector = match["detector"]
    node, uri = _immersion(gw, match, f"LeakDetectors/{detector}", detector, LEAK_DETECTOR)
    state = "Critical" if node.leak else "OK"
    return rf.resource(
        "LeakDetector",
        uri,
        LEAK_DETECTOR,
        "Tank leak detector",
        {
            "LeakDetectorType": "FloatSwitch",
            "DetectorState": state,
            "PhysicalContext": "CoolingSubsystem",
            "Manufacturer": rf.VENDOR,
            "Status": rf.status(state),
        },
    )
