"""Reading a site cheaply once its nodes are known.

A node's full read (the client's views: processors, memory, drives, chassis, every sensor, fans,
power supplies) costs dozens of requests; most of it never changes. So the full read gives each
node an :class:`Inventory` (its size, the critical threshold of each temperature sensor, its
power limit, where its readings live), and later reads fetch only what moves: the
ComputerSystem (power state, health), the chassis' ``EnvironmentMetrics`` (power draw, limit),
its ``ThermalSubsystem/ThermalMetrics`` (every temperature at once) and one sensor for the
gateway's reading time: four requests a node.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from op_platform.clients.redfish import RedfishGateway
from op_platform.clients.redfish_views import ChassisView
from op_platform.services.edge.readings import Limit, NodeReading, epoch


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
    )


def _value(excerpt: Any) -> float | None:
    value = excerpt.get("Reading") if isinstance(excerpt, dict) else None
    return float(value) if isinstance(value, int | float) else None


async def _optional(gateway: RedfishGateway, uri: str | None) -> dict[str, Any]:
    return await gateway.get(uri) if uri else {}


async def read_node(gateway: RedfishGateway, node: Inventory) -> NodeReading:
    """The node's readings now, in four requests."""
    chassis = node.chassis_uri
    system, environment, thermal, clock = await asyncio.gather(
        gateway.get(node.system_uri),
        _optional(gateway, f"{chassis}/EnvironmentMetrics" if chassis else None),
        _optional(gateway, f"{chassis}/ThermalSubsystem/ThermalMetrics" if chassis else None),
        _optional(gateway, node.clock_uri),
    )
    limits = []
    for excerpt in thermal.get("TemperatureReadingsCelsius") or []:
        sensor = str(excerpt.get("DataSourceUri", "")).rstrip("/").rsplit("/", 1)[-1]
        value = _value(excerpt)
        if value is not None and sensor in node.critical:
            limits.append(Limit(f"temp:{sensor}", value, node.critical[sensor]))
    power = _value(environment.get("PowerWatts"))
    limit = (environment.get("PowerLimitWatts") or {}).get("SetPoint") or node.power_limit_watts
    if power is not None and limit:
        limits.append(Limit("power", power, float(limit)))
    status = system.get("Status") or {}
    return NodeReading(
        node_id=node.node_id,
        system_uri=node.system_uri,
        chassis_uri=chassis,
        health=status.get("Health"),
        power_state=system.get("PowerState"),
        num_cpu=node.num_cpu,
        memory_mb=node.memory_mb,
        storage_gb=node.storage_gb,
        accelerators=node.accelerators,
        power_watts=power,
        power_limit_watts=float(limit) if limit else None,
        limits=tuple(limits),
        sampled_at=epoch(clock.get("ReadingTime")),
    )
