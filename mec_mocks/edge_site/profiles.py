"""The three kinds of edge server a site can hold, with the figures of the ODCC small edge server
reference architecture (DESIGN.md section 8), and the default size of one node of each kind.

- ``outdoor``: street-cabinet server breathing outside air, rated -25..55 degC inlet, drawing
  under 500 W. Its BMC protects it on the inlet sensor: caution at 50, critical past the rated
  55 (at 56), thermal trip at 57.5 degC.
- ``indoor``: cell-site room or small room server, up to 1500 W, inlet rated to 40 degC.
- ``immersion``: single-phase immersion tank with a logic-controlled assist fan, 600 W by design
  and about 1000 W at most; the coolant temperature is what the BMC watches.

Thermal constants are tuned so that a node at the default load sits well inside its thresholds
at the default ambient, and the faults of the admin API push it over them within simulated
minutes (see thermal.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Literal

Cooling = Literal["air", "immersion"]


@dataclass(frozen=True)
class Thresholds:
    """Sensor thresholds as Redfish names them; a sensor watches one side (``upper``/``lower``)."""

    caution: float
    critical: float
    fatal: float | None = None
    side: Literal["upper", "lower"] = "upper"


@dataclass(frozen=True)
class NodeSize:
    sockets: int = 1
    cores_per_socket: int = 16
    memory_gib: int = 64
    dimm_gib: int = 16
    drives_gb: tuple[int, ...] = (960, 960)
    accelerators: int = 1
    accelerator_model: str = "Edge Inference Accelerator 16GB"
    accelerator_watts: int = 70

    @property
    def cores(self) -> int:
        return self.sockets * self.cores_per_socket

    @property
    def storage_gb(self) -> int:
        return sum(self.drives_gb)


@dataclass(frozen=True)
class Profile:
    name: str
    cooling: Cooling
    chassis_model: str
    ambient_c: float
    """Default ambient (outside air, room, or air around the tank)."""
    rated_ambient: tuple[float, float]
    idle_w: float
    max_w: float
    power_limit_w: float
    """The design ceiling of one node (what "should draw under" means)."""
    psu_count: int
    psu_capacity_w: float
    fan_count: int
    inlet: Thresholds
    cpu: Thresholds = field(default_factory=lambda: Thresholds(85.0, 95.0, 100.0))
    coolant: Thresholds | None = None
    coolant_level: Thresholds | None = None
    r_cpu: float = 0.06
    """K/W from the air (or coolant) to the CPU, at full airflow / full coolant level."""
    g_tank: float = 0.0
    """W/K the tank sheds without its fan (immersion only)."""
    g_tank_fan: float = 0.0
    """W/K the assist fan adds at 100% (immersion only)."""
    tau_cpu_s: float = 60.0
    tau_inlet_s: float = 180.0
    tau_coolant_s: float = 900.0
    default_load: float = 0.4
    size: NodeSize = field(default_factory=NodeSize)

    def draw_w(self, load: float) -> float:
        return self.idle_w + (self.max_w - self.idle_w) * load


OUTDOOR = Profile(
    name="outdoor",
    cooling="air",
    chassis_model="SE-1U Outdoor",
    ambient_c=25.0,
    rated_ambient=(-25.0, 55.0),
    idle_w=120.0,
    max_w=450.0,
    power_limit_w=500.0,
    psu_count=2,
    psu_capacity_w=550.0,
    fan_count=2,
    inlet=Thresholds(50.0, 56.0, 57.5),
    r_cpu=0.06,
    size=NodeSize(),
)

INDOOR = Profile(
    name="indoor",
    cooling="air",
    chassis_model="SE-2U Indoor",
    ambient_c=24.0,
    rated_ambient=(5.0, 40.0),
    idle_w=250.0,
    max_w=1300.0,
    power_limit_w=1500.0,
    psu_count=2,
    psu_capacity_w=1600.0,
    fan_count=4,
    inlet=Thresholds(35.0, 40.0, 45.0),
    r_cpu=0.03,
    size=NodeSize(
        sockets=2,
        cores_per_socket=32,
        memory_gib=256,
        dimm_gib=32,
        drives_gb=(1920, 1920, 1920, 1920),
        accelerators=2,
        accelerator_model="Data Center GPU 48GB",
        accelerator_watts=300,
    ),
)

IMMERSION = Profile(
    name="immersion",
    cooling="immersion",
    chassis_model="SE-1U Immersion",
    ambient_c=30.0,
    rated_ambient=(-25.0, 55.0),
    idle_w=300.0,
    max_w=1000.0,
    power_limit_w=1000.0,
    psu_count=2,
    psu_capacity_w=1100.0,
    fan_count=1,
    inlet=Thresholds(50.0, 55.0, 60.0),
    coolant=Thresholds(45.0, 50.0, 55.0),
    coolant_level=Thresholds(85.0, 70.0, side="lower"),
    r_cpu=0.03,
    g_tank=30.0,
    g_tank_fan=40.0,
    size=NodeSize(
        sockets=2,
        cores_per_socket=24,
        memory_gib=192,
        dimm_gib=32,
        drives_gb=(1920, 1920),
        accelerators=1,
        accelerator_model="Data Center GPU 24GB",
        accelerator_watts=150,
    ),
)

PROFILES: dict[str, Profile] = {p.name: p for p in (OUTDOOR, INDOOR, IMMERSION)}


def sized(profile: Profile, *, storage_gb: int | None = None, **changes: int | None) -> Profile:
    """``profile`` with some node size figures changed (None keeps the profile's value);
    ``storage_gb`` is spread evenly over the profile's drives."""
    given: dict[str, Any] = {k: v for k, v in changes.items() if v is not None}
    if storage_gb is not None:
        count = len(profile.size.drives_gb)
        given["drives_gb"] = (storage_gb // count,) * count
    if not given:
        return profile
    return replace(profile, size=replace(profile.size, **given))
