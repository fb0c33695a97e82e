"""The state of one edge site as its BMCs see it: nodes with fans, power supplies, temperature
and coolant readings, load and power state. Pure data plus the health rollup; the physics that
moves it is in thermal.py and the faults that break it in faults.py. No aiohttp here.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field

from mec_mocks.edge_site import paths
from mec_mocks.edge_site.profiles import Profile, Thresholds

HEALTH_ORDER = ("OK", "Warning", "Critical")
STANDBY_W = 8.0
"""What a powered-off node still draws (its BMC)."""


def worst(*healths: str) -> str:
    return max(healths, key=HEALTH_ORDER.index, default="OK")


@dataclass(frozen=True)
class Occurrence:
    """Something a BMC reports: one registry message about one resource."""

    message_id: str
    args: tuple[str | float, ...]
    origin: str
    """``@odata.id`` of the resource the message is about (OriginOfCondition)."""
    event_type: str = "Alert"
    message: str | None = None
    """Text and severity for messages outside this service's registries (test events)."""
    severity: str | None = None


@dataclass(frozen=True)
class SensorSpec:
    id: str
    name: str
    reading_type: str
    units: str
    context: str
    thresholds: Thresholds | None
    range_max: float


@dataclass
class Fan:
    id: str
    failed: bool = False
    speed: float = 40.0
    """Percent of full speed, as the BMC's fan control set it."""


@dataclass
class PowerSupply:
    id: str
    capacity_w: float
    failed: bool = False


@dataclass
class Node:
    id: str
    index: int
    serial: str
    uuid: str
    r_scale: float
    """This unit's thermal resistance against the profile's (units vary a little)."""
    fans: list[Fan]
    psus: list[PowerSupply]
    load: float
    power_state: str = "On"
    power_w: float = 0.0
    temps: dict[str, float] = field(default_factory=dict)
    """Model values by sensor id (degC; CoolantLevel in percent)."""
    readings: dict[str, float] = field(default_factory=dict)
    """What the sensors report: the model value with a little noise, rounded."""
    levels: dict[str, int] = field(default_factory=dict)
    """Threshold level per sensor: 0 normal, 1 caution, 2 critical, 3 fatal."""
    leak: bool = False
    tripped: bool = False
    """Powered off by its BMC on a fatal reading (thermal trip)."""
    restore_on: bool = False
    """Power returns with the power supplies (PowerRestorePolicy LastState)."""
    asset_tag: str = ""
    indicator_active: bool = False
    health: str = "OK"

    @property
    def on(self) -> bool:
        return self.power_state == "On"

    @property
    def bmc(self) -> str:
        return paths.bmc_id(self.id)

    def working_psus(self) -> int:
        return sum(not p.failed for p in self.psus)

    def compute_health(self) -> str:
        parts = ["OK"]
        for level in self.levels.values():
            parts.append(HEALTH_ORDER[min(level, 2)])
        working_fans = sum(not f.failed for f in self.fans)
        if working_fans < len(self.fans):
            parts.append("Warning" if working_fans else "Critical")
        working = self.working_psus()
        if working < len(self.psus):
            parts.append("Warning" if working else "Critical")
        if self.leak:
            parts.append("Critical")
        return worst(*parts)


def sensor_specs(profile: Profile) -> list[SensorSpec]:
    """The sensors of one node of ``profile`` (fans have theirs too: see :func:`fan_sensor`)."""
    limit = profile.power_limit_w
    specs = [
        SensorSpec("CPUTemp", "CPU temperature", "Temperature", "Cel", "CPU", profile.cpu, 125),
    ]
    if profile.cooling == "air":
        specs.append(
            SensorSpec(
                "InletTemp", "Inlet temperature", "Temperature", "Cel", "Intake", profile.inlet, 85
            )
        )
    else:
        specs.append(
            SensorSpec(
                "AmbientTemp",
                "Ambient temperature",
                "Temperature",
                "Cel",
                "Room",
                profile.inlet,
                85,
            )
        )
        specs.append(
            SensorSpec(
                "CoolantTemp",
                "Tank coolant temperature",
                "Temperature",
                "Cel",
                "CoolingSubsystem",
                profile.coolant,
                100,
            )
        )
        specs.append(
            SensorSpec(
                "CoolantLevel",
                "Tank coolant level",
                "Percent",
                "%",
                "CoolingSubsystem",
                profile.coolant_level,
                100,
            )
        )
    specs.append(
        SensorSpec(
            "TotalPower",
            "Node power draw",
            "Power",
            "W",
            "Chassis",
            Thresholds(0.95 * limit, limit),
            1.2 * limit,
        )
    )
    return specs


def fan_sensor(fan_id: str) -> SensorSpec:
    return SensorSpec(fan_id, f"{fan_id} speed", "Percent", "%", "Fan", None, 100)


def inlet_sensor(profile: Profile) -> str:
    return "InletTemp" if profile.cooling == "air" else "AmbientTemp"


@dataclass
class Site:
    site_id: str
    profile: Profile
    nodes: dict[str, Node]
    ambient_c: float
    sensors: list[SensorSpec]
    uuid: str = ""
    sim_seconds: float = 0.0
    rng: random.Random = field(default_factory=random.Random)

    def node(self, node_id: str) -> Node | None:
        return self.nodes.get(node_id)


def build_site(site_id: str, profile: Profile, nodes: int, *, seed: int | None) -> Site:
    """A site of ``nodes`` nodes of ``profile``, settled at the default ambient and load."""
    rng = random.Random(seed)
    site_uuid = str(uuid.UUID(int=rng.getrandbits(128), version=4))
    specs = sensor_specs(profile)
    built: dict[str, Node] = {}
    for i in range(1, nodes + 1):
        node = Node(
            id=f"node{i}",
            index=i,
            serial=f"SE{rng.randrange(10**8):08d}",
            uuid=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            r_scale=rng.uniform(0.95, 1.05),
            fans=[Fan(f"Fan{j}") for j in range(1, profile.fan_count + 1)],
            psus=[
                PowerSupply(f"PSU{j}", profile.psu_capacity_w)
                for j in range(1, profile.psu_count + 1)
            ],
            load=profile.default_load,
        )
        for spec in specs:
            node.levels[spec.id] = 0
        built[node.id] = node
    return Site(site_id, profile, built, profile.ambient_c, specs, uuid=site_uuid, rng=rng)
