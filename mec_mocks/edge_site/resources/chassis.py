"""Chassis: the site enclosure (the street cabinet or room) and one per node, with
EnvironmentMetrics (temperature, power, limit) and the PowerSubsystem with its supplies."""

from __future__ import annotations

from collections.abc import Mapping

from mec_mocks.edge_site import paths
from mec_mocks.edge_site.gateway import Gateway
from mec_mocks.edge_site.model import Node, worst
from mec_mocks.edge_site.resources import common as rf
from mec_mocks.edge_site.resources.common import Resource
from mec_mocks.edge_site.resources.sensors import excerpt

SITE = paths.SITE_CHASSIS


def chassis_collection(gw: Gateway, match: Mapping[str, str]) -> Resource:
    ids = [SITE, *gw.site.nodes]
    return rf.collection("Chassis", paths.CHASSIS, "Chassis", map(paths.chassis, ids))


def _site_chassis(gw: Gateway) -> Resource:
    health = worst(*(n.health for n in gw.site.nodes.values()))
    return rf.resource(
        "Chassis",
        paths.chassis(SITE),
        SITE,
        f"Edge site {gw.site.site_id}",
        {
            "ChassisType": "Enclosure",
            "Manufacturer": rf.VENDOR,
            "Model": f"{gw.site.profile.name} edge cabinet",
            "Status": rf.status("OK", "Enabled", health),
            "EnvironmentMetrics": rf.link(f"{paths.chassis(SITE)}/EnvironmentMetrics"),
            "Links": {
                "Contains": rf.links(map(paths.chassis, gw.site.nodes)),
                "ManagedBy": [rf.link(paths.manager(paths.GATEWAY_MANAGER))],
            },
        },
    )


def chassis(gw: Gateway, match: Mapping[str, str]) -> Resource:
    if match["chassis"] == SITE:
        return _site_chassis(gw)
    node = gw.node(match["chassis"])
    uri = paths.chassis(node.id)
    body = rf.head("Chassis", uri, node.id, f"Edge server {node.index} chassis")
    body.update(
        {
            "ChassisType": "RackMount",
            "Manufacturer": rf.VENDOR,
            "Model": gw.site.profile.chassis_model,
            "SerialNumber": node.serial,
            "PowerState": node.power_state,
            "Status": rf.status(node.health, "Enabled", node.health),
            "EnvironmentMetrics": rf.link(f"{uri}/EnvironmentMetrics"),
            "ThermalSubsystem": rf.link(paths.thermal(node.id)),
            "PowerSubsystem": rf.link(paths.power(node.id)),
            "Sensors": rf.link(f"{uri}/Sensors"),
            "Drives": rf.link(f"{uri}/Drives"),
            "Links": {
                "ComputerSystems": [rf.link(paths.system(node.id))],
                "ManagedBy": [rf.link(paths.manager(node.bmc))],
                "ContainedBy": rf.link(paths.chassis(SITE)),
            },
        }
    )
    if gw.site.profile.cooling == "immersion":
        body["LeakDetectors"] = rf.link(f"{uri}/LeakDetectors")
    return body


def environment_metrics(gw: Gateway, match: Mapping[str, str]) -> Resource:
    cid = match["chassis"]
    uri = f"{paths.chassis(cid)}/EnvironmentMetrics"
    body = rf.head("EnvironmentMetrics", uri, "EnvironmentMetrics", "Environment metrics")
    if cid == SITE:
        total = sum(n.power_w for n in gw.site.nodes.values())
        body["TemperatureCelsius"] = {"Reading": round(gw.site.ambient_c, 1)}
        body["PowerWatts"] = {"Reading": round(total, 1)}
        return body
    node = gw.node(cid)
    limit = gw.site.profile.power_limit_w
    body.update(
        {
            "TemperatureCelsius": excerpt(node, "CPUTemp"),
            "PowerWatts": excerpt(node, "TotalPower"),
            "PowerLimitWatts": {
                "SetPoint": limit,
                "AllowableMax": limit,
                "AllowableMin": gw.site.profile.idle_w,
                "ControlMode": "Disabled",
            },
            "FanSpeedsPercent": [
                {"DeviceName": f.id, **excerpt(node, f.id, f.speed)} for f in node.fans
            ],
        }
    )
    return body


def _node_and(gw: Gateway, match: Mapping[str, str]) -> Node:
    return gw.node(match["chassis"])


def power_subsystem(gw: Gateway, match: Mapping[str, str]) -> Resource:
    node = _node_and(gw, match)
    uri = paths.power(node.id)
    psus = [paths.power_supply(node.id, p.id) for p in node.psus]
    working = node.working_psus()
    redundancy = "OK" if working == len(node.psus) else ("Warning" if working else "Critical")
    return rf.singleton(
        "PowerSubsystem",
        uri,
        "Power subsystem",
        {
            "CapacityWatts": gw.site.profile.psu_capacity_w,
            "Allocation": {
                "RequestedWatts": round(node.power_w, 1),
                "AllocatedWatts": gw.site.profile.power_limit_w,
            },
            "PowerSupplyRedundancy": [
                {
                    "RedundancyType": "Failover",
                    "MaxSupportedInGroup": len(node.psus),
                    "MinNeededInGroup": 1,
                    "RedundancyGroup": rf.links(psus),
                    "Status": rf.status(redundancy),
                }
            ],
            "PowerSupplies": rf.link(f"{uri}/PowerSupplies"),
            "Status": rf.status(redundancy, "Enabled"),
        },
    )


def power_supplies(gw: Gateway, match: Mapping[str, str]) -> Resource:
    node = _node_and(gw, match)
    uris = (paths.power_supply(node.id, p.id) for p in node.psus)
    return rf.collection(
        "PowerSupply", f"{paths.power(node.id)}/PowerSupplies", "Power supplies", uris
    )


def power_supply(gw: Gateway, match: Mapping[str, str]) -> Resource:
    node = _node_and(gw, match)
    uri = paths.power_supply(node.id, match["psu"])
    psu = rf.find(node.psus, match["psu"], uri)
    body = rf.replaceable("PowerSupply", uri, f"Power supply {psu.id}", psu, node.psus)
    body.update(
        {
            "LineInputStatus": "LossOfInput" if psu.failed else "Normal",
            "PowerSupplyType": "AC",
            "PowerCapacityWatts": psu.capacity_w,
            "Model": f"PSU-{int(psu.capacity_w)}",
            "EfficiencyRatings": [{"LoadPercent": 50, "EfficiencyPercent": 94}],
        }
    )
    return body
