"""One node as the OP reads it from its site's gateway: the ComputerSystem (size, power state,
health) joined with its Chassis (temperatures and their thresholds, power draw and limit).
Pure functions over the client's typed views."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from op_platform.clients.redfish_views import ChassisView, EventRecord, SystemView

DOWN_HEALTH = "Critical"


@dataclass(frozen=True)
class Limit:
    """A reading and the level it must stay under (a critical threshold, a power limit)."""

    metric: str
    value: float
    limit: float


@dataclass(frozen=True)
class NodeReading:
    node_id: str
    system_uri: str
    chassis_uri: str | None
    health: str | None
    power_state: str | None
    num_cpu: int
    memory_mb: int
    storage_gb: int
    accelerators: int
    power_watts: float | None
    power_limit_watts: float | None
    limits: tuple[Limit, ...]
    sampled_at: float | None
    """Seconds (epoch) of the gateway's reading time, when the sensors say."""

    @property
    def down(self) -> bool:
        return self.power_state != "On" or self.health == DOWN_HEALTH

    @property
    def max_temperature(self) -> float | None:
        temps = [m.value for m in self.limits if m.metric != "power"]
        return max(temps) if temps else None

    @property
    def thermal_headroom(self) -> float | None:
        """Degrees below the nearest critical threshold."""
        gaps = [m.limit - m.value for m in self.limits if m.metric != "power"]
        return min(gaps) if gaps else None

    @property
    def power_headroom(self) -> float | None:
        """Share of the power limit still free (0..1)."""
        if self.power_watts is None or not self.power_limit_watts:
            return None
        return max(0.0, 1.0 - self.power_watts / self.power_limit_watts)


def epoch(stamp: str | None) -> float | None:
    if not stamp:
        return None
    try:
        return datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return None


def node_reading(system: SystemView, chassis: ChassisView | None) -> NodeReading:
    limits: list[Limit] = []
    times: list[float] = []
    if chassis is not None:
        for temp in chassis.temperatures:
            if temp.celsius is not None and temp.upper_critical is not None:
                limits.append(Limit(f"temp:{temp.sensor}", temp.celsius, temp.upper_critical))
            if (moment := epoch(temp.reading_time)) is not None:
                times.append(moment)
        if chassis.power_watts is not None and chassis.power_limit_watts:
            limits.append(Limit("power", chassis.power_watts, float(chassis.power_limit_watts)))
    health = system.health
    if chassis is not None and chassis.health == DOWN_HEALTH and system.power_state != "On":
        health = DOWN_HEALTH
    return NodeReading(
        node_id=system.id,
        system_uri=system.uri,
        chassis_uri=chassis.uri if chassis is not None else None,
        health=health,
        power_state=system.power_state,
        num_cpu=system.cores or system.cpus,
        memory_mb=int(system.memory_gib * 1024),
        storage_gb=int(system.storage_gb),
        accelerators=len(system.accelerators),
        power_watts=chassis.power_watts if chassis is not None else None,
        power_limit_watts=(
            float(chassis.power_limit_watts)
            if chassis is not None and chassis.power_limit_watts
            else None
        ),
        limits=tuple(limits),
        sampled_at=max(times) if times else None,
    )


def node_readings(systems: list[SystemView], chassis: list[ChassisView]) -> list[NodeReading]:
    """Every node (ComputerSystem) with the chassis that holds it."""
    holder = {uri: box for box in chassis for uri in box.systems}
    return [node_reading(system, holder.get(system.uri)) for system in systems]


def touched(records: list[EventRecord]) -> set[str]:
    """The ``Systems``/``Chassis`` members named by the origins of pushed events
    (``/redfish/v1/Chassis/node1/Sensors/InletTemp`` -> ``/redfish/v1/Chassis/node1``)."""
    found = set()
    for record in records:
        parts = (record.origin or "").split("/")
        members = parts[3] in ("Systems", "Chassis") if len(parts) > 4 else False
        if members and parts[1:3] == ["redfish", "v1"]:
            found.add("/".join(parts[:5]))
    return found
