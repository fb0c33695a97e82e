"""Pieces every resource uses: the schema versions this service implements (the same table
feeds ``$metadata``), ``@odata`` headers, links, collections and ``Status``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from mec_mocks.edge_site.errors import NotFound
from mec_mocks.edge_site.model import Fan, Node, PowerSupply

VERSIONS: dict[str, str] = {
    "ServiceRoot": "v1_20_0",
    "ComputerSystem": "v1_27_0",
    "Processor": "v1_22_0",
    "Memory": "v1_23_0",
    "Storage": "v1_21_0",
    "Drive": "v1_22_0",
    "ActionInfo": "v1_5_0",
    "Chassis": "v1_28_0",
    "EnvironmentMetrics": "v1_5_0",
    "ThermalSubsystem": "v1_5_0",
    "ThermalMetrics": "v1_3_2",
    "Fan": "v1_6_0",
    "PowerSubsystem": "v1_1_3",
    "PowerSupply": "v1_6_0",
    "CoolantConnector": "v1_3_0",
    "LeakDetection": "v1_2_0",
    "LeakDetector": "v1_6_0",
    "Sensor": "v1_12_0",
    "Manager": "v1_24_0",
    "AggregationService": "v1_0_3",
    "AggregationSource": "v1_5_0",
    "SessionService": "v1_2_0",
    "Session": "v1_8_0",
    "AccountService": "v1_18_1",
    "ManagerAccount": "v1_14_1",
    "Role": "v1_3_3",
    "EventService": "v1_12_0",
    "EventDestination": "v1_16_0",
    "Event": "v1_13_0",
    "Message": "v1_3_0",
}
COLLECTIONS = (
    "ComputerSystemCollection",
    "ProcessorCollection",
    "MemoryCollection",
    "StorageCollection",
    "DriveCollection",
    "ChassisCollection",
    "FanCollection",
    "PowerSupplyCollection",
    "CoolantConnectorCollection",
    "LeakDetectorCollection",
    "SensorCollection",
    "ManagerCollection",
    "AggregationSourceCollection",
    "SessionCollection",
    "ManagerAccountCollection",
    "RoleCollection",
    "EventDestinationCollection",
)
VENDOR = "Edge Site Lab"
FIRMWARE = "1.4.2"

Resource = dict[str, Any]
Part = TypeVar("Part", Fan, PowerSupply)


def odata_type(schema: str) -> str:
    return f"#{schema}.{VERSIONS[schema]}.{schema}"


def head(schema: str, uri: str, id_: str, name: str) -> Resource:
    return {"@odata.type": odata_type(schema), "@odata.id": uri, "Id": id_, "Name": name}


def resource(schema: str, uri: str, id_: str, name: str, members: Resource) -> Resource:
    """A resource: its ``@odata`` head, then its own members."""
    return head(schema, uri, id_, name) | members


def singleton(schema: str, uri: str, name: str, members: Resource) -> Resource:
    """A resource there is one of (a service, a subsystem), whose ``Id`` is its schema's name."""
    return resource(schema, uri, schema, name, members)


def link(uri: str) -> dict[str, str]:
    return {"@odata.id": uri}


def links(uris: Iterable[str]) -> list[dict[str, str]]:
    return [link(u) for u in uris]


def collection(schema: str, uri: str, name: str, members: Iterable[str]) -> Resource:
    items = links(members)
    return {
        "@odata.type": f"#{schema}Collection.{schema}Collection",
        "@odata.id": uri,
        "Name": name,
        "Members@odata.count": len(items),
        "Members": items,
    }


def status(health: str = "OK", state: str = "Enabled", rollup: str | None = None) -> Resource:
    body: Resource = {"State": state, "Health": health}
    if rollup is not None:
        body["HealthRollup"] = rollup
    return body


def node_state(node: Node) -> str:
    return "Enabled" if node.on else "StandbyOffline"


def part_location(label: str, kind: str, ordinal: int) -> Resource:
    return {
        "PartLocation": {
            "ServiceLabel": label,
            "LocationType": kind,
            "LocationOrdinalValue": ordinal,
        }
    }


def member(item_id: str, ids: Iterable[str], collection_uri: str) -> str:
    """``item_id`` when the collection at ``collection_uri`` has it; 404 naming its URI if not."""
    if item_id not in ids:
        raise NotFound(args=(f"{collection_uri}/{item_id}",))
    return item_id


def find(items: list[Part], item_id: str, uri: str) -> Part:
    """The fan or power supply ``item_id`` of ``items``; 404 naming ``uri`` when none is."""
    found = next((i for i in items if i.id == item_id), None)
    if found is None:
        raise NotFound(args=(uri,))
    return found


def replaceable(schema: str, uri: str, name: str, item: Part, items: list[Part]) -> Resource:
    """What a fan and a power supply share: health from its state, maker, bay."""
    body = head(schema, uri, item.id, name)
    body.update(
        {
            "Status": status("Critical" if item.failed else "OK", "Enabled"),
            "Manufacturer": VENDOR,
            "HotPluggable": True,
            "Location": part_location(item.id, "Bay", items.index(item)),
        }
    )
    return body
