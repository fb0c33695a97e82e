"""ComputerSystems: one per node, with processors (CPUs and accelerators), memory, storage and
the ``ComputerSystem.Reset`` action."""

from __future__ import annotations

from collections.abc import Mapping

from mec_mocks.edge_site import paths
from mec_mocks.edge_site.errors import NotFound
from mec_mocks.edge_site.faults import RESET_TYPES
from mec_mocks.edge_site.gateway import Gateway
from mec_mocks.edge_site.model import Node
from mec_mocks.edge_site.profiles import NodeSize
from mec_mocks.edge_site.resources.common import (
    VENDOR,
    Resource,
    collection,
    head,
    link,
    links,
    node_state,
    part_location,
    status,
)

CPU_MODEL = "Edge Xeon-class {cores}-core CPU"


def _node(gw: Gateway, match: Mapping[str, str]) -> Node:
    return gw.node(match["system"])


def systems(gw: Gateway, match: Mapping[str, str]) -> Resource:
    return collection(
        "ComputerSystem", paths.SYSTEMS, "Edge servers", map(paths.system, gw.site.nodes)
    )


def system(gw: Gateway, match: Mapping[str, str]) -> Resource:
    node = _node(gw, match)
    size = gw.site.profile.size
    uri = paths.system(node.id)
    body = head("ComputerSystem", uri, node.id, f"Edge server {node.index}")
    body.update(
        {
            "SystemType": "Physical",
            "Manufacturer": VENDOR,
            "Model": gw.site.profile.chassis_model,
            "SerialNumber": node.serial,
            "UUID": node.uuid,
            "HostName": f"{gw.site.site_id}-{node.id}",
            "AssetTag": node.asset_tag,
            "LocationIndicatorActive": node.indicator_active,
            "PowerState": node.power_state,
            "PowerRestorePolicy": "LastState",
            "Status": status(node.health, node_state(node), node.health),
            "ProcessorSummary": {
                "Count": size.sockets,
                "CoreCount": size.cores,
                "LogicalProcessorCount": size.cores * 2,
                "Model": CPU_MODEL.format(cores=size.cores_per_socket),
            },
            "MemorySummary": {"TotalSystemMemoryGiB": size.memory_gib},
            "Processors": link(f"{uri}/Processors"),
            "Memory": link(f"{uri}/Memory"),
            "Storage": link(f"{uri}/Storage"),
            "Links": {
                "Chassis": [link(paths.chassis(node.id))],
                "ManagedBy": [link(paths.manager(node.bmc))],
            },
            "Actions": {
                "#ComputerSystem.Reset": {
                    "target": paths.reset_action(node.id),
                    "@Redfish.ActionInfo": paths.reset_action_info(node.id),
                    "ResetType@Redfish.AllowableValues": list(RESET_TYPES),
                }
            },
        }
    )
    return body


def reset_action_info(gw: Gateway, match: Mapping[str, str]) -> Resource:
    node = _node(gw, match)
    body = head("ActionInfo", paths.reset_action_info(node.id), "ResetActionInfo", "Reset action")
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
    node = _node(gw, match)
    uri = f"{paths.system(node.id)}/Processors"
    ids = _processor_ids(gw.site.profile.size)
    return collection("Processor", uri, "Processors", (f"{uri}/{i}" for i in ids))


def processor(gw: Gateway, match: Mapping[str, str]) -> Resource:
    node = _node(gw, match)
    size = gw.site.profile.size
    pid = match["processor"]
    if pid not in _processor_ids(size):
        raise NotFound(args=(f"{paths.system(node.id)}/Processors/{pid}",))
    body = head("Processor", f"{paths.system(node.id)}/Processors/{pid}", pid, pid)
    ordinal = int(pid[3:]) - 1
    health = node.health if node.on else "OK"
    body["Status"] = status(health, node_state(node))
    body["Manufacturer"] = VENDOR
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
            "Location": part_location(f"PCIe slot {ordinal + 1}", "Slot", ordinal),
        }
    )
    return body


def _dimm_ids(size: NodeSize) -> list[str]:
    return [f"DIMM{i}" for i in range(1, max(1, size.memory_gib // size.dimm_gib) + 1)]


def memory_collection(gw: Gateway, match: Mapping[str, str]) -> Resource:
    node = _node(gw, match)
    uri = f"{paths.system(node.id)}/Memory"
    ids = _dimm_ids(gw.site.profile.size)
    return collection("Memory", uri, "Memory modules", (f"{uri}/{i}" for i in ids))


def memory(gw: Gateway, match: Mapping[str, str]) -> Resource:
    node = _node(gw, match)
    size = gw.site.profile.size
    mid = match["memory"]
    ids = _dimm_ids(size)
    if mid not in ids:
        raise NotFound(args=(f"{paths.system(node.id)}/Memory/{mid}",))
    body = head("Memory", f"{paths.system(node.id)}/Memory/{mid}", mid, mid)
    per_dimm = size.memory_gib // len(ids) if size.memory_gib >= size.dimm_gib else size.memory_gib
    body.update(
        {
            "MemoryType": "DRAM",
            "MemoryDeviceType": "DDR5",
            "CapacityMiB": per_dimm * 1024,
            "OperatingSpeedMhz": 4800,
            "Manufacturer": VENDOR,
            "Location": part_location(mid, "Slot", ids.index(mid)),
            "Status": status("OK", node_state(node)),
        }
    )
    return body


def storage_collection(gw: Gateway, match: Mapping[str, str]) -> Resource:
    node = _node(gw, match)
    uri = f"{paths.system(node.id)}/Storage"
    return collection("Storage", uri, "Storage", [f"{uri}/NVMe"])


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
    body = head("Storage", uri, "NVMe", "NVMe storage")
    body.update(
        {
            "Status": status("OK", node_state(node)),
            "Drives@odata.count": len(drives_),
            "Drives": links(drives_),
        }
    )
    return body


def drives(gw: Gateway, match: Mapping[str, str]) -> Resource:
    node = gw.node(match["chassis"])
    uri = f"{paths.chassis(node.id)}/Drives"
    count = len(gw.site.profile.size.drives_gb)
    return collection("Drive", uri, "Drives", (f"{uri}/{i}" for i in range(1, count + 1)))


def drive(gw: Gateway, match: Mapping[str, str]) -> Resource:
    node = gw.node(match["chassis"])
    uri = f"{paths.chassis(node.id)}/Drives"
    sizes = gw.site.profile.size.drives_gb
    did = match["drive"]
    if not did.isdigit() or not 1 <= int(did) <= len(sizes):
        raise NotFound(args=(f"{uri}/{did}",))
    body = head("Drive", f"{uri}/{did}", did, f"NVMe drive {did}")
    body.update(
        {
            "CapacityBytes": sizes[int(did) - 1] * 10**9,
            "MediaType": "SSD",
            "Protocol": "NVMe",
            "Manufacturer": VENDOR,
            "SerialNumber": f"{node.serial}-D{did}",
            "Status": status("OK", node_state(node)),
            "Links": {"Storage": link(f"{paths.system(node.id)}/Storage/NVMe")},
        }
    )
    return body
