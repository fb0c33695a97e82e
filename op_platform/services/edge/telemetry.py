"""Reading a site cheaply.

Every sensor, fan and power supply of a node through the client's views costs dozens of
requests, and most of it never changes. The survey (:func:`survey`) reads each node's system
view (size, state) and, of its chassis, only ``EnvironmentMetrics``, ``ThermalMetrics`` and the
temperature sensors these name (their thresholds); it gives each node an :class:`Inventory`.
Later reads (:func:`read_node`) fetch only what moves: the ComputerSystem (power state, health),
``EnvironmentMetrics`` (power draw, limit), ``ThermalMetrics`` (every temperature at once) and
one sensor for the gateway's reading time: four requests a node. When the gateway offers
``$expand`` (``ProtocolFeaturesSupported.ExpandQuery.NoLinks``), the chassis's ``Sensors``
collection expanded gives every temperature, the power draw and the reading time in one request,
and :func:`systems_listing` reads every ComputerSystem of the site in one more: a poll of a site
of N nodes costs N + 1 requests instead of 4N.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from op_platform.clients.redfish_views import ChassisView, SystemView, chassis_view
from op_platform.services.edge.readings import Limit, NodeReading, epoch, node_reading

if TYPE_CHECKING:  # the client (and DMTF's library) loads only when a zone has a site
    from op_platform.clients.redfish import RedfishGateway


@dataclass(frozen=True)
class Inventory:
    """What does not change about a node, and where its changing readings are."""

    node_id: str
    system_uri: str
    chassis_uri: str | None
    num_cpu: int
    memory_mb: int
    storage_gb: int
    accelerators: int
    power_limit_watts: float | None
    critical: dict[str, float] = field(default_factory=dict)
    """Upper critical threshold of each temperature sensor, by sensor id."""
    clock_uri: str | None = None
    """A sensor whose ``ReadingTime`` dates the readings."""
    sensors_uri: str | None = None
    """The chassis's ``Sensors`` collection (read expanded when the gateway expands)."""
    power_sensor: str | None = None
    """The sensor of the node's power draw."""

    @property
    def cheap(self) -> bool:
        """Whether the four-request read works for this node (it needs its chassis)."""
        return self.chassis_uri is not None


def inventory(reading: NodeReading, chassis: ChassisView | None) -> Inventory:
    temps = chassis.temperatures if chassis is not None else []
    return Inventory(
        node_id=reading.node_id,
        system_uri=reading.system_uri,
        chassis_uri=reading.chassis_uri,
        num_cpu=reading.num_cpu,
        memory_mb=reading.memory_mb,
        storage_gb=reading.storage_gb,
        accelerators=reading.accelerators,
        power_limit_watts=reading.power_limit_watts,
        critical={t.sensor: t.upper_critical for t in temps if t.upper_critical is not None},
        clock_uri=temps[0].uri if temps else None,
        sensors_uri=chassis.sensors_uri if chassis is not None else None,
        power_sensor=chassis.power_sensor if chassis is not None else None,
    )


def _value(excerpt: Any) -> float | None:
    value = excerpt.get("Reading") if isinstance(excerpt, dict) else None
    return float(value) if isinstance(value, int | float) else None


async def _optional(gateway: RedfishGateway, uri: str | None) -> dict[str, Any]:
    return await gateway.get(uri) if uri else {}


def expands(root: dict[str, Any]) -> bool:
    """Whether the gateway serves ``$expand=.`` (its service root says so)."""
    features = (root.get("ProtocolFeaturesSupported") or {}).get("ExpandQuery") or {}
    return features.get("NoLinks") is True


async def systems_listing(gateway: RedfishGateway) -> tuple[list[str], dict[str, dict[str, Any]]]:
    """The URIs of the site's ComputerSystems and, when the gateway expands, each system's
    resource (power state, health) by URI: one request for the whole site."""
    root = await gateway.root()
    link = str((root.get("Systems") or {}).get("@odata.id", "/redfish/v1/Systems"))
    listing = await gateway.get(f"{link}?$expand=." if expands(root) else link)
    uris: list[str] = []
    systems: dict[str, dict[str, Any]] = {}
    for member in listing.get("Members") or []:
        if isinstance(member, dict) and member.get("@odata.id"):
            uri = str(member["@odata.id"])
            uris.append(uri)
            if "PowerState" in member or "Status" in member:
                systems[uri] = member
    return uris, systems


async def _system(gateway: RedfishGateway, uri: str, known: dict[str, Any] | None) -> Any:
    return known if known is not None else await gateway.get(uri)


async def read_node(
    gateway: RedfishGateway, node: Inventory, system: dict[str, Any] | None = None
) -> NodeReading:
    """The node's readings now: its ``system`` (unless the site's systems were read already)
    and, when the gateway expands, its sensors in one request, else three."""
    if node.sensors_uri and node.power_sensor and expands(await gateway.root()):
        current, sensors = await asyncio.gather(
            _system(gateway, node.system_uri, system),
            gateway.get(f"{node.sensors_uri}?$expand=."),
        )
        return _from_sensors(node, current, sensors)
    chassis = node.chassis_uri
    system, environment, thermal, clock = await asyncio.gather(
        _system(gateway, node.system_uri, system),
        _optional(gateway, f"{chassis}/EnvironmentMetrics" if chassis else None),
        _optional(gateway, f"{chassis}/ThermalSubsystem/ThermalMetrics" if chassis else None),
        _optional(gateway, node.clock_uri),
    )
    temperatures = [
        (_last_segment(excerpt.get("DataSourceUri")), _value(excerpt))
        for excerpt in thermal.get("TemperatureReadingsCelsius") or []
    ]
    limit = (environment.get("PowerLimitWatts") or {}).get("SetPoint") or node.power_limit_watts
    power = _value(environment.get("PowerWatts"))
    return _reading(node, system, temperatures, power, limit, clock.get("ReadingTime"))


def _from_sensors(node: Inventory, system: Any, sensors: dict[str, Any]) -> NodeReading:
    members = [m for m in sensors.get("Members") or [] if isinstance(m, dict)]
    by_uri = {str(m.get("@odata.id")): m for m in members}
    temperatures = [
        (_last_segment(m.get("@odata.id")), _value(m))
        for m in members
        if m.get("ReadingType") == "Temperature"
    ]
    power = _value(by_uri.get(str(node.power_sensor)))
    clock = by_uri.get(str(node.clock_uri)) or (members[0] if members else {})
    return _reading(
        node, system, temperatures, power, node.power_limit_watts, clock.get("ReadingTime")
    )


def _last_segment(uri: Any) -> str:
    return str(uri or "").rstrip("/").rsplit("/", 1)[-1]


def _reading(
    node: Inventory,
    system: Any,
    temperatures: list[tuple[str, float | None]],
    power: float | None,
    limit: Any,
    reading_time: Any,
) -> NodeReading:
    """A node's reading from what was read: temperatures by sensor id (only those with a
    critical threshold count), the power draw against its limit."""
    limits = [
        Limit(f"temp:{sensor}", value, node.critical[sensor])
        for sensor, value in temperatures
        if value is not None and sensor in node.critical
    ]
    if power is not None and limit:
        limits.append(Limit("power", power, float(limit)))
    status = system.get("Status") or {}
    return NodeReading(
        node_id=node.node_id,
        system_uri=node.system_uri,
        chassis_uri=node.chassis_uri,
        health=status.get("Health"),
        power_state=system.get("PowerState"),
        num_cpu=node.num_cpu,
        memory_mb=node.memory_mb,
        storage_gb=node.storage_gb,
        accelerators=node.accelerators,
        power_watts=power,
        power_limit_watts=float(limit) if limit else None,
        limits=tuple(limits),
        sampled_at=epoch(reading_time),
    )


def _sensor_uris(thermal: dict[str, Any]) -> list[str]:
    return [
        str(excerpt["DataSourceUri"])
        for excerpt in thermal.get("TemperatureReadingsCelsius") or []
        if isinstance(excerpt, dict) and excerpt.get("DataSourceUri")
    ]


async def _box(gateway: RedfishGateway, chassis: dict[str, Any]) -> ChassisView:
    """A chassis with its power and its temperature sensors (not its fans or supplies)."""
    uri = str(chassis.get("@odata.id"))
    if not chassis.get("ThermalSubsystem"):
        return await gateway.chassis_at(uri)
    environment, thermal = await asyncio.gather(
        _optional(
            gateway, f"{uri}/EnvironmentMetrics" if chassis.get("EnvironmentMetrics") else None
        ),
        gateway.get(f"{uri}/ThermalSubsystem/ThermalMetrics"),
    )
    sensors = await asyncio.gather(*(gateway.get(s) for s in _sensor_uris(thermal)))
    return chassis_view(
        chassis,
        environment=environment or None,
        sensors=list(sensors),
        fans=[],
        power_supplies=[],
        leak_detectors=[],
    )


async def survey(gateway: RedfishGateway) -> list[tuple[NodeReading, Inventory]]:
    """Every node of the site read in full, with its inventory."""
    root = await gateway.root()
    link = str((root.get("Chassis") or {}).get("@odata.id", "/redfish/v1/Chassis"))
    systems, boxes = await asyncio.gather(gateway.systems(), gateway.members(link))
    holding = [b for b in boxes if (b.get("Links") or {}).get("ComputerSystems")]
    views = await asyncio.gather(*(_box(gateway, b) for b in holding))
    holder = {uri: view for view in views for uri in view.systems}
    return [_surveyed(system, holder.get(system.uri)) for system in systems]


def _surveyed(system: SystemView, box: ChassisView | None) -> tuple[NodeReading, Inventory]:
    reading = node_reading(system, box)
    return reading, inventory(reading, box)
