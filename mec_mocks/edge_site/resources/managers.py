"""Managers (the gateway itself and one NodeController/BMC per node) and the AggregationService
that says which nodes the gateway aggregates."""

from __future__ import annotations

from collections.abc import Mapping

from mec_mocks.edge_site import paths
from mec_mocks.edge_site.errors import NotFound
from mec_mocks.edge_site.gateway import Gateway
from mec_mocks.edge_site.model import Node
from mec_mocks.edge_site.resources import common as rf
from mec_mocks.edge_site.resources.common import Resource

GATEWAY = paths.GATEWAY_MANAGER


def _bmc_address(node: Node) -> str:
    return f"https://bmc-{node.id}.local"


def managers(gw: Gateway, match: Mapping[str, str]) -> Resource:
    ids = [GATEWAY, *(n.bmc for n in gw.site.nodes.values())]
    return rf.collection("Manager", paths.MANAGERS, "Managers", map(paths.manager, ids))


def manager(gw: Gateway, match: Mapping[str, str]) -> Resource:
    mid = match["manager"]
    uri = paths.manager(mid)
    common = {
        "Manufacturer": rf.VENDOR,
        "FirmwareVersion": rf.FIRMWARE,
        "PowerState": "On",
        "DateTime": gw.now().isoformat(),
        "DateTimeLocalOffset": "+00:00",
        "ServiceIdentification": gw.site.site_id,
    }
    if mid == GATEWAY:
        body = rf.head("Manager", uri, mid, f"Edge site {gw.site.site_id} gateway")
        body.update(common)
        body.update(
            {
                "ManagerType": "Service",
                "Model": "Edge site gateway",
                "UUID": gw.site.uuid,
                "Status": rf.status("OK", "Enabled"),
                "Links": {
                    "ManagerForChassis": [rf.link(paths.chassis(paths.SITE_CHASSIS))],
                    "ManagerForManagers": rf.links(
                        paths.manager(n.bmc) for n in gw.site.nodes.values()
                    ),
                },
            }
        )
        return body
    node = next((n for n in gw.site.nodes.values() if n.bmc == mid), None)
    if node is None:
        raise NotFound(args=(uri,))
    body = rf.head("Manager", uri, mid, f"NodeController of {node.id}")
    body.update(common)
    body.update(
        {
            "ManagerType": "BMC",
            "Model": "Edge NodeController",
            "Status": rf.status("OK", "Enabled"),
            "Links": {
                "ManagerForServers": [rf.link(paths.system(node.id))],
                "ManagerForChassis": [rf.link(paths.chassis(node.id))],
                "ManagerInChassis": rf.link(paths.chassis(node.id)),
                "ManagedBy": [rf.link(paths.manager(GATEWAY))],
            },
        }
    )
    return body


def aggregation_service(gw: Gateway, match: Mapping[str, str]) -> Resource:
    body = rf.head(
        "AggregationService", paths.AGGREGATION_SERVICE, "AggregationService", "Aggregation service"
    )
    body.update(
        {
            "ServiceEnabled": True,
            "Status": rf.status("OK", "Enabled"),
            "AggregationSources": rf.link(paths.AGGREGATION_SOURCES),
        }
    )
    return body


def aggregation_sources(gw: Gateway, match: Mapping[str, str]) -> Resource:
    uris = (f"{paths.AGGREGATION_SOURCES}/{n}" for n in gw.site.nodes)
    return rf.collection("AggregationSource", paths.AGGREGATION_SOURCES, "Aggregated nodes", uris)


def aggregation_source(gw: Gateway, match: Mapping[str, str]) -> Resource:
    node = gw.node(match["source"])
    uri = f"{paths.AGGREGATION_SOURCES}/{node.id}"
    return rf.resource(
        "AggregationSource",
        uri,
        node.id,
        f"NodeController of {node.id}",
        {
            "HostName": _bmc_address(node),
            "AggregationType": "Full",
            "Status": rf.status("OK", "Enabled"),
            "Links": {
                "ResourcesAccessed": [
                    rf.link(paths.system(node.id)),
                    rf.link(paths.chassis(node.id)),
                    rf.link(paths.manager(node.bmc)),
                ]
            },
        },
    )
