"""The physics of a node, one simulated second at a time, and what its BMC makes of it.

Power: ``idle + (max - idle) * load`` while on, a few watts in standby.
Air-cooled: the inlet follows the ambient with a lag (``tau_inlet``); the CPU settles at
``inlet + P * r_cpu / (0.15 + 0.85 * airflow)`` with a first-order lag (``tau_cpu``), where
airflow is the mean speed of the working fans; the BMC's fan control raises the fan speed with
the CPU temperature, so a failed fan costs airflow and all failed fans cost almost all of it.
Immersion: the coolant settles at ``ambient + P / ((g_tank + g_fan * fan) * level)`` with a long
lag; the CPU sits ``P * r_cpu`` above the coolant, much more once a leak has dropped the level
below 85%.

Each step, every sensor's reading is compared with its thresholds (2 K of hysteresis on the way
back); each crossing is an Alert, a fatal reading powers the node off (thermal trip), and a change
of the node's health is a StatusChange, all followed by one ResourceChanged.
"""

from __future__ import annotations

import math

from mec_mocks.edge_site import paths
from mec_mocks.edge_site import registry as r
from mec_mocks.edge_site.model import STANDBY_W, Node, Occurrence, SensorSpec, Site, inlet_sensor
from mec_mocks.edge_site.profiles import Thresholds

STEP_S = 1.0
HYSTERESIS = 2.0
NOISE = 0.1
LEAK_PERCENT_PER_S = 2.0 / 60
"""How fast a leaking tank loses coolant (2% a minute)."""
SETTLE_S = 3600


def _lag(value: float, target: float, tau: float, dt: float) -> float:
    return value + (target - value) * (1.0 - math.exp(-dt / tau))


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


def _fan_fraction(node: Node) -> float:
    if not node.fans:
        return 0.0
    return sum(0.0 if f.failed else f.speed / 100.0 for f in node.fans) / len(node.fans)


def _set_fans(node: Node, speed: float) -> None:
    for f in node.fans:
        f.speed = 0.0 if f.failed else round(_clamp(speed, 20.0, 100.0), 1)


def physics(site: Site, node: Node, dt: float) -> None:
    """Advance ``node``'s power, temperatures, coolant and fans by ``dt`` seconds."""
    p = site.profile
    node.power_w = p.draw_w(node.load) if node.on else STANDBY_W
    t = node.temps
    inlet = inlet_sensor(p)
    t[inlet] = _lag(t.setdefault(inlet, site.ambient_c), site.ambient_c, p.tau_inlet_s, dt)
    if p.cooling == "air":
        r_cpu = p.r_cpu * node.r_scale / (0.15 + 0.85 * _fan_fraction(node))
        target = t[inlet] + node.power_w * r_cpu
        t["CPUTemp"] = _lag(t.setdefault("CPUTemp", t[inlet]), target, p.tau_cpu_s, dt)
        _set_fans(node, 20.0 + (t["CPUTemp"] - 40.0) * 2.0)
        return
    level = t.setdefault("CoolantLevel", 100.0)
    if node.leak:
        level = t["CoolantLevel"] = max(0.0, level - LEAK_PERCENT_PER_S * dt)
    g = (p.g_tank + p.g_tank_fan * _fan_fraction(node)) * max(level, 5.0) / 100.0
    coolant = _lag(
        t.setdefault("CoolantTemp", t[inlet]), t[inlet] + node.power_w / g, p.tau_coolant_s, dt
    )
    t["CoolantTemp"] = coolant
    exposed = 1.0 if level >= 85.0 else 1.0 + (85.0 - level) * 0.5
    target = coolant + node.power_w * p.r_cpu * node.r_scale * exposed
    t["CPUTemp"] = _lag(t.setdefault("CPUTemp", coolant), target, p.tau_cpu_s, dt)
    _set_fans(node, 20.0 + (coolant - 30.0) * 5.0)


def _read(site: Site, node: Node) -> None:
    node.temps["TotalPower"] = node.power_w
    for key, value in node.temps.items():
        noise = 0.0 if key in ("TotalPower", "CoolantLevel") else site.rng.uniform(-NOISE, NOISE)
        node.readings[key] = round(value + noise, 1)


def _marks(th: Thresholds) -> list[float]:
    return [m for m in (th.caution, th.critical, th.fatal) if m is not None]


def level_of(value: float, th: Thresholds, current: int) -> int:
    """The threshold level of ``value`` (0 normal .. 3 fatal), with hysteresis on the way back."""
    sign = 1.0 if th.side == "upper" else -1.0
    marks = [sign * m for m in _marks(th)]
    v = sign * value
    up = sum(v >= m for m in marks)
    if up > current:
        return up
    down = sum(v > m - HYSTERESIS for m in marks)
    return min(current, down)


_TEMP_UP = (
    "",
    "TemperatureAboveUpperCautionThreshold",
    "TemperatureAboveUpperCriticalThreshold",
    "TemperatureAboveUpperFatalThreshold",
)
_TEMP_DOWN = (
    "TemperatureNormal",
    "TemperatureBelowUpperCriticalThreshold",
    "TemperatureBelowUpperFatalThreshold",
)
_LEVEL_UP = ("", "FluidLevelBelowLowerCautionThreshold", "FluidLevelBelowLowerCriticalThreshold")
_LEVEL_DOWN = ("FluidLevelNormal", "FluidLevelAboveLowerCriticalThreshold")
_OTHER_UP = ("", "ReadingAboveUpperCautionThreshold", "ReadingAboveUpperCriticalThreshold")
_OTHER_DOWN = ("SensorReadingNormalRange", "ReadingAboveUpperCautionThreshold")


def _crossing(spec: SensorSpec, node: Node, level: int, rising: bool) -> Occurrence:
    assert spec.thresholds is not None
    reading = node.readings[spec.id]
    marks = _marks(spec.thresholds)
    origin = paths.sensor(node.id, spec.id)
    if spec.reading_type == "Temperature":
        key = _TEMP_UP[level] if rising else _TEMP_DOWN[level]
        prefix = r.ENVIRONMENTAL
    elif spec.context == "CoolingSubsystem":
        key = _LEVEL_UP[level] if rising else _LEVEL_DOWN[level]
        prefix = r.ENVIRONMENTAL
    else:
        key = _OTHER_UP[level] if rising else _OTHER_DOWN[level]
        prefix = r.SENSOR_EVENT
    mark = marks[level - 1] if rising else (marks[level] if level < len(marks) else None)
    args: tuple[str | float, ...] = (spec.name, reading)
    if prefix == r.SENSOR_EVENT:
        args += (spec.units,)
    if mark is not None and not key.endswith(("Normal", "NormalRange")):
        args += (mark,)
    return Occurrence(f"{prefix}.{key}", args, origin)


def evaluate(site: Site, node: Node) -> list[Occurrence]:
    """Threshold crossings of ``node``'s sensors since the last evaluation, in order."""
    out: list[Occurrence] = []
    for spec in site.sensors:
        if spec.thresholds is None or spec.id not in node.readings:
            continue
        old = node.levels.get(spec.id, 0)
        new = level_of(node.readings[spec.id], spec.thresholds, old)
        node.levels[spec.id] = new
        for lvl in range(old + 1, new + 1):
            out.append(_crossing(spec, node, lvl, rising=True))
        for lvl in range(old - 1, new - 1, -1):
            out.append(_crossing(spec, node, lvl, rising=False))
    if node.on and any(v >= 3 for v in node.levels.values()):
        node.power_state = "Off"
        node.tripped = True
        node.restore_on = False
        out.append(powered(node, on=False))
    return out


def powered(node: Node, *, on: bool) -> Occurrence:
    """ResourcePoweredOn/Off about ``node``'s system."""
    key = "ResourcePoweredOn" if on else "ResourcePoweredOff"
    system = paths.system(node.id)
    return Occurrence(f"{r.RESOURCE_EVENT}.{key}", (system,), system, "StatusChange")


def conclude(node: Node, occurrences: list[Occurrence]) -> list[Occurrence]:
    """Add the node's health change (if any) and one ResourceChanged to ``occurrences``."""
    health = node.compute_health()
    system = paths.system(node.id)
    if health != node.health:
        node.health = health
        key = f"{r.RESOURCE_EVENT}.ResourceStatusChanged{health}"
        occurrences.append(Occurrence(key, (system, health), system, "StatusChange"))
    if occurrences:
        occurrences.append(
            Occurrence(f"{r.RESOURCE_EVENT}.ResourceChanged", (), system, "ResourceUpdated")
        )
    return occurrences


def step(site: Site, dt: float = STEP_S) -> list[Occurrence]:
    """Advance every node by ``dt`` simulated seconds; what their BMCs report, in order."""
    site.sim_seconds += dt
    out: list[Occurrence] = []
    for node in site.nodes.values():
        physics(site, node, dt)
        _read(site, node)
        out.extend(conclude(node, evaluate(site, node)))
    return out


def settle(site: Site) -> None:
    """Run the site to its steady state at start, silently (sim time stays at 0)."""
    for _ in range(int(SETTLE_S / 10)):
        for node in site.nodes.values():
            physics(site, node, 10.0)
    for node in site.nodes.values():
        _read(site, node)
        evaluate(site, node)
        node.health = node.compute_health()
