"""Typed views of what the OP needs from an edge site's Redfish gateway, built from the raw
Redfish resources (pure functions, no I/O): per node its size, power state and health; per
chassis its temperatures against their thresholds, fans, power draw and limit, power supplies,
coolant and leak state; and the records of a pushed Redfish event."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

Json = dict[str, Any]


class Accelerator(BaseModel):
    id: str
    kind: str
    """``GPU`` or ``Accelerator`` (Redfish ProcessorType)."""
    model: str | None = None


class Part(BaseModel):
    """What every view of a Redfish resource carries: its ``Id`` and ``Status.Health``."""

    id: str
    health: str | None = None


class Resource(Part):
    """A resource with its own URI (``@odata.id``) and ``PowerState``."""

    uri: str
    power_state: str | None = None


class SystemView(Resource):
    state: str | None = None
    cpus: int = 0
    cores: int = 0
    memory_gib: float = 0.0
    storage_gb: float = 0.0
    accelerators: list[Accelerator] = Field(default_factory=list)


class Temperature(BaseModel):
    sensor: str
    uri: str
    celsius: float | None
    health: str | None = None
    upper_caution: float | None = None
    upper_critical: float | None = None
    upper_fatal: float | None = None
    reading_time: str | None = None
    """When the gateway took the reading (its clock, ``ReadingTime``)."""

    @property
    def headroom(self) -> float | None:
        """Degrees left before the caution threshold (negative past it)."""
        if self.celsius is None or self.upper_caution is None:
            return None
        return self.upper_caution - self.celsius


class FanState(Part):
    speed_percent: float | None = None

    @property
    def failed(self) -> bool:
        return self.health == "Critical"


class PowerSupplyState(Part):
    capacity_watts: float | None = None
    line_input: str | None = None


class ChassisView(Resource):
    chassis_type: str | None = None
    systems: list[str] = Field(default_factory=list)
    """``@odata.id`` of the ComputerSystems in this chassis."""
    power_watts: float | None = None
    power_limit_watts: float | None = None
    temperatures: list[Temperature] = Field(default_factory=list)
    fans: list[FanState] = Field(default_factory=list)
    power_supplies: list[PowerSupplyState] = Field(default_factory=list)
    coolant_celsius: float | None = None
    coolant_level_percent: float | None = None
    leak: str | None = None
    """Worst leak detector state (``OK``, ``Warning``, ``Critical``), None without detectors."""
    sensors_uri: str | None = None
    """The chassis's ``Sensors`` collection."""
    power_sensor: str | None = None
    """The sensor behind ``EnvironmentMetrics.PowerWatts`` (its ``DataSourceUri``)."""


class EventRecord(BaseModel):
    message_id: str
    severity: str | None = None
    event_type: str | None = None
    origin: str | None = None
    message: str | None = None
    args: list[str] = Field(default_factory=list)
    timestamp: str | None = None


def _health(resource: Json) -> str | None:
    health = (resource.get("Status") or {}).get("Health")
    return health if isinstance(health, str) else None


def _reading(excerpt: Any) -> float | None:
    value = excerpt.get("Reading") if isinstance(excerpt, dict) else None
    return float(value) if isinstance(value, int | float) else None


def _part(resource: Json) -> Json:
    return {"id": str(resource.get("Id")), "health": _health(resource)}


def _resource(resource: Json) -> Json:
    uri = str(resource.get("@odata.id"))
    return _part(resource) | {"uri": uri, "power_state": resource.get("PowerState")}


def system_view(system: Json, processors: list[Json], drives: list[Json]) -> SystemView:
    cpus = [p for p in processors if p.get("ProcessorType") == "CPU"]
    summary = system.get("ProcessorSummary") or {}
    memory = (system.get("MemorySummary") or {}).get("TotalSystemMemoryGiB") or 0
    return SystemView(
        **_resource(system),
        state=(system.get("Status") or {}).get("State"),
        cpus=len(cpus) or int(summary.get("Count") or 0),
        cores=sum(int(p.get("TotalCores") or 0) for p in cpus)
        or int(summary.get("CoreCount") or 0),
        memory_gib=float(memory),
        storage_gb=sum(float(d.get("CapacityBytes") or 0) for d in drives) / 1e9,
        accelerators=[
            Accelerator(id=str(p.get("Id")), kind=str(p["ProcessorType"]), model=p.get("Model"))
            for p in processors
            if p.get("ProcessorType") in ("GPU", "Accelerator", "FPGA")
        ],
    )


def temperature(sensor: Json) -> Temperature:
    th = sensor.get("Thresholds") or {}
    return Temperature(
        sensor=str(sensor.get("Id")),
        uri=str(sensor.get("@odata.id")),
        celsius=_reading(sensor),
        health=_health(sensor),
        upper_caution=_reading(th.get("UpperCaution")),
        upper_critical=_reading(th.get("UpperCritical")),
        upper_fatal=_reading(th.get("UpperFatal")),
        reading_time=sensor.get("ReadingTime"),
    )


def chassis_view(
    chassis: Json,
    *,
    environment: Json | None,
    sensors: list[Json],
    fans: list[Json],
    power_supplies: list[Json],
    leak_detectors: list[Json],
) -> ChassisView:
    temps = [s for s in sensors if s.get("ReadingType") == "Temperature"]
    by_id = {str(s.get("Id")): s for s in sensors}
    coolant = next((s for s in temps if "Coolant" in str(s.get("Id"))), None)
    level = by_id.get("CoolantLevel")
    states = [str(d.get("DetectorState")) for d in leak_detectors if d.get("DetectorState")]
    order = ("OK", "Warning", "Critical")
    env = environment or {}
    return ChassisView(
        **_resource(chassis),
        chassis_type=chassis.get("ChassisType"),
        systems=[
            str(s.get("@odata.id")) for s in (chassis.get("Links") or {}).get("ComputerSystems", [])
        ],
        power_watts=_reading(env.get("PowerWatts")),
        power_limit_watts=(env.get("PowerLimitWatts") or {}).get("SetPoint"),
        temperatures=[temperature(s) for s in temps],
        fans=[FanState(**_part(f), speed_percent=_reading(f.get("SpeedPercent"))) for f in fans],
        power_supplies=[
            PowerSupplyState(
                **_part(p),
                capacity_watts=p.get("PowerCapacityWatts"),
                line_input=p.get("LineInputStatus"),
            )
            for p in power_supplies
        ],
        coolant_celsius=_reading(coolant) if coolant else None,
        coolant_level_percent=_reading(level) if level else None,
        leak=max(states, key=lambda s: order.index(s) if s in order else 0) if states else None,
        sensors_uri=(chassis.get("Sensors") or {}).get("@odata.id"),
        power_sensor=(env.get("PowerWatts") or {}).get("DataSourceUri"),
    )


def event_records(body: Json) -> list[EventRecord]:
    """The records of a Redfish ``Event`` push (what a subscriber receives)."""
    out = []
    for rec in body.get("Events") or []:
        origin = rec.get("OriginOfCondition")
        out.append(
            EventRecord(
                message_id=str(rec.get("MessageId", "")),
                severity=rec.get("MessageSeverity") or rec.get("Severity"),
                event_type=rec.get("EventType"),
                origin=origin.get("@odata.id") if isinstance(origin, dict) else origin,
                message=rec.get("Message"),
                args=[str(a) for a in rec.get("MessageArgs") or []],
                timestamp=rec.get("EventTimestamp"),
            )
        )
    return out
