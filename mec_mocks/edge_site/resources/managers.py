"""Managers (the gateway itself and one NodeController/BMC per node) and the AggregationService
that says which nodes the gateway aggregates."""

from __future__ import annotations

from collections.abc import Mapping

from mec_mocks.edge_site import paths
from mec_mocks.edge_site.errors import NotFound
from mec_mocks.edge_site.gateway import Gateway
from mec_mocks.edge_site.model import Node
from mec_mocks.edge_site.resources.common import (
    FIRMWARE,
    VENDOR,
    Resource,
    collection,
    head,
    link,
    links,
    status,
)

GATEWAY = paths.GATEWAY_MANAGER


def _bmc_address(node: Node) -> str:
    return f"https://bmc-{node.id}.local"


def managers(gw: Gateway, match: Mapping[str, str]) -> Resource:
    ids = [GATEWAY, *(n.bmc for n in gw.site.nodes.values())]
    return collection("Manager", paths.MANAGERS, "Managers", map(paths.manager, ids))


def manager(gw: Gateway, match: Mapping[str, str]) -> Resource:
    mid = match["manager"]
    uri = paths.manager(mid)
    common = {
        "Manufacturer": VENDOR,
        "FirmwareVersion": FIRMWARE,
        "PowerState": "On",
        "DateTime": gw.now().isoformat(),
        "DateTimeLocalOffset": "+00:00",
        "ServiceIdentification": gw.site.site_id,
    }
    if mid == GATEWAY:
        body = head("Manager", uri, mid, f"Edge site {gw.site.site_id} gateway")
        body.update(common)
        body.update(
            {
                "ManagerType": "Service",
                "Model": "Edge site gateway",
                "UUID": gw.site.uuid,
                "Status": status("OK", "Enabled"),
                "Links": {
                    "ManagerForChassis": [link(paths.chassis(paths.SITE_CHASSIS))],
                    "ManagerForManagers": links(
                        paths.manager(n.bmc) for n in gw.site.nodes.values()
                    ),
                },
            }
        )
        return body
    node = next((n for n in gw.site.nodes.values() if n.bmc == mid), None)
    if node is None:
        raise NotFound(args=(uri,))
    body = head("Manager", uri, mid, f"NodeController of {node.id}")
    body.update(common)
    body.update(
        {
            "ManagerType": "BMC",
            "Model": "Edge NodeController",
            "Status": status("OK", "Enabled"),
            "Links": {
                "ManagerForServers": [link(paths.system(node.id))],
                "ManagerForChassis": [link(paths.chassis(node.id))],
                "ManagerInChassis": link(paths.chassis(node.id)),
                "ManagedBy": [link(paths.manager(GATEWAY))],
            },
        }
    )
    return body


def aggregation_service(gw: Gateway, match: Mapping[str, str]) -> Resource:
    body = head(
        "AggregationService", paths.AGGREGATION_SERVICE, "AggregationService", "Aggregation service"
    )
    body.update(
        {
            "ServiceEnabled": True,
            "Status": status("OK", "Enabled"),
            "AggregationSources": link(paths.AGGREGATION_SOURCES),
        }
    )
    return body


def aggregation_sources(gw: Gateway, match: Mapping[str, str]) -> Resource:
    uris = (f"{paths.AGGREGATION_SOURCES}/{n}" for n in gw.site.nodes)
    return collection("AggregationSource", paths.AGGREGATION_SOURCES, "Aggregated nodes", uris)


def aggregation_source(gw: Gateway, match: Mapping[str, str]) -> Resource:
    node = gw.node(match["source"])
    uri = f"{paths.AGGREGATION_SOURCES}/{node.id}"
    body = head("AggregationSource", uri, node.id, f"NodeController of {node.id}")
    body.update(
        {
            "HostName": _bmc_address(node),
            "AggregationType": "Full",
            "Status": status("OK", "Enabled"),
            "Links": {
                "ResourcesAccessed": [
                    link(paths.system(node.id)),
                    link(paths.chassis(node.id)),
                    link(paths.manager(node.bmc)),
                ]
            },
        }
    )
    return body
