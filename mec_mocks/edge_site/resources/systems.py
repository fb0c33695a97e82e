"""ComputerSystems: one per node, with processors (CPUs and accelerators), memory, storage and
the ``ComputerSystem.Reset`` action."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from mec_mocks.edge_site import paths
from mec_mocks.edge_site.errors import NotFound
from mec_mocks.edge_site.faults import RESET_TYPES
from mec_mocks.edge_site.gateway import Gateway
from mec_mocks.edge_site.model import Node
from mec_mocks.edge_site.profiles import NodeSize
from mec_mocks.edge_site.resources import common as rf
from mec_mocks.edge_site.resources.common import Resource

CPU_MODEL = "Edge Xeon-class {cores}-core CPU"


def _node(gw: Gateway, match: Mapping[str, str]) -> Node:
    return gw.node(match["system"])


def _parts(gw: Gateway, match: Mapping[str, str], kind: str) -> tuple[Node, str]:
    """The node and the URI of one of its collections (``Processors``, ``Memory``, ...)."""
    node = _node(gw, match)
    return node, f"{paths.system(node.id)}/{kind}"


def _part_collection(
    gw: Gateway,
    match: Mapping[str, str],
    schema: str,
    kind: str,
    name: str,
    ids_of: Callable[[NodeSize], list[str]],
) -> Resource:
    """A node's processors or memory modules: ``ids_of`` names them from the node's size."""
    _, uri = _parts(gw, match, kind)
    ids = ids_of(gw.site.profile.size)
    return rf.collection(schema, uri, name, (f"{uri}/{i}" for i in ids))


def systems(gw: Gateway, match: Mapping[str, str]) -> Resource:
    return rf.collection(
        "ComputerSystem", paths.SYSTEMS, "Edge servers", map(paths.system, gw.site.nodes)
    )


def system(gw: Gateway, match: Mapping[str, str]) -> Resource:
    node = _node(gw, match)
    size = gw.site.profile.size
    uri = paths.system(node.id)
    return rf.resource(
        "ComputerSystem",
        uri,
        node.id,
        f"Edge server {node.index}",
        {
            "SystemType": "Physical",
            "Manufacturer": rf.VENDOR,
            "Model": gw.site.profile.chassis_model,
            "SerialNumber": node.serial,
            "UUID": node.uuid,
            "HostName": f"{gw.site.site_id}-{node.id}",
            "AssetTag": node.asset_tag,
            "LocationIndicatorActive": node.indicator_active,
            "PowerState": node.power_state,
            "PowerRestorePolicy": "LastState",
            "Status": rf.status(node.health, rf.node_state(node), node.health),
            "ProcessorSummary": {
                "Count": size.sockets,
                "CoreCount": size.cores,
                "LogicalProcessorCount": size.cores * 2,
                "Model": CPU_MODEL.format(cores=size.cores_per_socket),
            },
            "MemorySummary": {"TotalSystemMemoryGiB": size.memory_gib},
            "Processors": rf.link(f"{uri}/Processors"),
            "Memory": rf.link(f"{uri}/Memory"),
            "Storage": rf.link(f"{uri}/Storage"),
            "Links": {
                "Chassis": [rf.link(paths.chassis(node.id))],
                "ManagedBy": [rf.link(paths.manager(node.bmc))],
            },
            "Actions": {
                "#ComputerSystem.Reset": {
                    "target": paths.reset_action(node.id),
                    "@Redfish.ActionInfo": paths.reset_action_info(node.id),
                    "ResetType@Redfish.AllowableValues": list(RESET_TYPES),
                }
            },
        },
    )


def reset_action_info(gw: Gateway, match: Mapping[str, str]) -> Resource:
    node = _node(gw, match)
    body = rf.head(
        "ActionInfo", paths.reset_action_info(node.id), "ResetActionInfo", "Reset action"
    )
    body["Parameters"] = [
        {
            "Name": "ResetType",
            "Required": True,
            "DataType": "String",
            "AllowableValues": list(RESET_TYPES),
        }
    ]
    return body


def _processor_ids(size: NodeSize) -> list[str]:
    cpus = [f"CPU{i}" for i in range(1, size.sockets + 1)]
    return cpus + [f"ACC{i}" for i in range(1, size.accelerators + 1)]


def processors(gw: Gateway, match: Mapping[str, str]) -> Resource:
    return _part_collection(gw, match, "Processor", "Processors", "Processors", _processor_ids)


def processor(gw: Gateway, match: Mapping[str, str]) -> Resource:
    node, uri = _parts(gw, match, "Processors")
    size = gw.site.profile.size
    pid = rf.member(match["processor"], _processor_ids(size), uri)
    body = rf.head("Processor", f"{uri}/{pid}", pid, pid)
    ordinal = int(pid[3:]) - 1
    health = node.health if node.on else "OK"
    body["Status"] = rf.status(health, rf.node_state(node))
    body["Manufacturer"] = rf.VENDOR
    if pid.startswith("CPU"):
        body.update(
            {
                "ProcessorType": "CPU",
                "ProcessorArchitecture": "x86",
                "InstructionSet": "x86-64",
                "Model": CPU_MODEL.format(cores=size.cores_per_socket),
                "Socket": f"CPU {ordinal + 1}",
                "TotalCores": size.cores_per_socket,
                "TotalThreads": size.cores_per_socket * 2,
                "MaxSpeedMHz": 3200,
            }
        )
        return body
    gpu = "GPU" in size.accelerator_model
    body.update(
        {
            "ProcessorType": "GPU" if gpu else "Accelerator",
            "Model": size.accelerator_model,
            "Socket": f"PCIe slot {ordinal + 1}",
            "MaxTDPWatts": size.accelerator_watts,
            "Location": rf.part_location(f"PCIe slot {ordinal + 1}", "Slot", ordinal),
        }
    )
    return body


def _dimm_ids(size: NodeSize) -> list[str]:
    return [f"DIMM{i}" for i in range(1, max(1, size.memory_gib // size.dimm_gib) + 1)]


def memory_collection(gw: Gateway, match: Mapping[str, str]) -> Resource:
    return _part_collection(gw, match, "Memory", "Memory", "Memory modules", _dimm_ids)


def memory(gw: Gateway, match: Mapping[str, str]) -> Resource:
    node, uri = _parts(gw, match, "Memory")
    size = gw.site.profile.size
    ids = _dimm_ids(size)
    mid = rf.member(match["memory"], ids, uri)
    per_dimm = size.memory_gib // len(ids) if size.memory_gib >= size.dimm_gib else size.memory_gib
    return rf.resource(
        "Memory",
        f"{uri}/{mid}",
        mid,
        mid,
        {
            "MemoryType": "DRAM",
            "MemoryDeviceType": "DDR5",
            "CapacityMiB": per_dimm * 1024,
            "OperatingSpeedMhz": 4800,
            "Manufacturer": rf.VENDOR,
            "Location": rf.part_location(mid, "Slot", ids.index(mid)),
            "Status": rf.status("OK", rf.node_state(node)),
        },
    )


def storage_collection(gw: Gateway, match: Mapping[str, str]) -> Resource:
    _, uri = _parts(gw, match, "Storage")
    return rf.collection("Storage", uri, "Storage", [f"{uri}/NVMe"])


def _storage_uri(gw: Gateway, match: Mapping[str, str]) -> tuple[Node, str]:
    node = _node(gw, match)
    uri = f"{paths.system(node.id)}/Storage/{match['storage']}"
    if match["storage"] != "NVMe":
        raise NotFound(args=(uri,))
    return node, uri


def storage(gw: Gateway, match: Mapping[str, str]) -> Resource:
    node, uri = _storage_uri(gw, match)
    count = len(gw.site.profile.size.drives_gb)
    drives_ = [f"{paths.chassis(node.id)}/Drives/{i}" for i in range(1, count + 1)]
    return rf.resource(
        "Storage",
        uri,
        "NVMe",
        "NVMe storage",
        {
            "Status": rf.status("OK", rf.node_state(node)),
            "Drives@odata.count": len(drives_),
            "Drives": rf.links(drives_),
        },
    )


def drives(gw: Gateway, match: Mapping[str, str]) -> Resource:
    node = gw.node(match["chassis"])
    uri = f"{paths.chassis(node.id)}/Drives"
    count = len(gw.site.profile.size.drives_gb)
    return rf.collection("Drive", uri, "Drives", (f"{uri}/{i}" for i in range(1, count + 1)))


def drive(gw: Gateway, match: Mapping[str, str]) -> Resource:
    node = gw.node(match["chassis"])
    uri = f"{paths.chassis(node.id)}/Drives"
    sizes = gw.site.profile.size.drives_gb
    did = match["drive"]
    if not did.isdigit() or not 1 <= int(did) <= len(sizes):
        raise NotFound(args=(f"{uri}/{did}",))
    return rf.resource(
        "Drive",
        f"{uri}/{did}",
        did,
        f"NVMe drive {did}",
        {
            "CapacityBytes": sizes[int(did) - 1] * 10**9,
            "MediaType": "SSD",
            "Protocol": "NVMe",
            "Manufacturer": rf.VENDOR,
            "SerialNumber": f"{node.serial}-D{did}",
            "Status": rf.status("OK", rf.node_state(node)),
            "Links": {"Storage": rf.link(f"{paths.system(node.id)}/Storage/NVMe")},
        },
    )
