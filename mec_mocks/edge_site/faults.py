"""What can happen to a node besides heat: power actions (Redfish ``ComputerSystem.Reset`` and
the admin API), fans and power supplies failing and coming back, a coolant leak, a load change.
Each returns what the node's BMC reports, like :func:`thermal.step`."""

from __future__ import annotations

from typing import TypeVar

from mec_mocks.edge_site import paths
from mec_mocks.edge_site import registry as r
from mec_mocks.edge_site.errors import Conflict, NotFound, not_in_list
from mec_mocks.edge_site.model import Fan, Node, Occurrence, PowerSupply, Site
from mec_mocks.edge_site.thermal import conclude, powered

RESET_TYPES = (
    "On",
    "ForceOff",
    "GracefulShutdown",
    "GracefulRestart",
    "ForceRestart",
    "PowerCycle",
)
LEAK_DETECTOR = "Tank"
_T = TypeVar("_T", Fan, PowerSupply)


def _power_on(node: Node) -> list[Occurrence]:
    if not node.working_psus():
        raise Conflict(f"{node.id} has no working power supply; it cannot power on.")
    node.power_state = "On"
    node.tripped = False
    return [powered(node, on=True)]


def _power_off(node: Node) -> list[Occurrence]:
    node.power_state = "Off"
    node.restore_on = False
    return [powered(node, on=False)]


def reset(node: Node, reset_type: str) -> list[Occurrence]:
    """Apply a ``ComputerSystem.Reset`` of ``reset_type`` (one of :data:`RESET_TYPES`)."""
    if reset_type not in RESET_TYPES:
        raise not_in_list("ResetType", reset_type)
    out: list[Occurrence] = []
    if reset_type == "On":
        out = [] if node.on else _power_on(node)
    elif reset_type in ("ForceOff", "GracefulShutdown"):
        out = _power_off(node) if node.on else []
    elif reset_type in ("ForceRestart", "GracefulRestart"):
        if not node.on:
            raise Conflict(f"{node.id} is off; {reset_type} needs it on. Use On.")
        out = _power_off(node) + _power_on(node)
    else:  # PowerCycle
        out = (_power_off(node) if node.on else []) + _power_on(node)
    return conclude(node, out)


def _pick(items: list[_T], wanted: str, kind: str, node: Node) -> list[_T]:
    if wanted == "all":
        return items
    chosen = [i for i in items if i.id.lower() == wanted.lower()]
    if not chosen:
        raise NotFound(f"{node.id} has no {kind} {wanted!r}.", args=(wanted,))
    return chosen


def _toggle(
    node: Node, items: list[_T], wanted: str, failed: bool, kind: str, message_id: str
) -> list[Occurrence]:
    """Fail or restore the ``wanted`` part(s) (``all`` for every one); one message each."""
    out = []
    for item in _pick(items, wanted, kind, node):
        if item.failed != failed:
            item.failed = failed
            origin = (
                paths.fan(node.id, item.id)
                if kind == "fan"
                else paths.power_supply(node.id, item.id)
            )
            out.append(Occurrence(message_id, (item.id,), origin))
    return out


def set_fans(node: Node, fan: str, *, failed: bool) -> list[Occurrence]:
    key = "FanFailed" if failed else "FanRestored"
    out = _toggle(node, node.fans, fan, failed, "fan", f"{r.ENVIRONMENTAL}.{key}")
    for f in node.fans:
        f.speed = 0.0 if f.failed else f.speed
    return conclude(node, out)


def set_power_supplies(node: Node, psu: str, *, failed: bool) -> list[Occurrence]:
    key = "PowerSupplyFailed" if failed else "PowerSupplyRestored"
    out = _toggle(node, node.psus, psu, failed, "power supply", f"{r.POWER}.{key}")
    if failed and node.on and not node.working_psus():
        node.power_state = "Off"
        node.restore_on = True
        out.append(powered(node, on=False))
    elif not failed and not node.on and node.restore_on and node.working_psus():
        node.restore_on = False
        out.extend(_power_on(node))
    return conclude(node, out)


def set_leak(site: Site, node: Node, *, leaking: bool) -> list[Occurrence]:
    """Start a leak in ``node``'s tank, or repair it (the tank is refilled)."""
    if site.profile.cooling != "immersion":
        raise Conflict(f"profile {site.profile.name} has no coolant: no leak to make.")
    if node.leak == leaking:
        return []
    node.leak = leaking
    if not leaking:
        node.temps["CoolantLevel"] = 100.0
    key = "LeakDetectedCritical" if leaking else "LeakDetectedNormal"
    origin = paths.leak_detector(node.id, LEAK_DETECTOR)
    return conclude(node, [Occurrence(f"{r.ENVIRONMENTAL}.{key}", (LEAK_DETECTOR,), origin)])


def set_load(node: Node, load: float) -> list[Occurrence]:
    if not 0.0 <= load <= 1.0:
        raise not_in_list("load", load)
    node.load = load
    return []


def require_node(site: Site, node_id: str) -> Node:
    node = site.node(node_id)
    if node is None:
        raise NotFound(args=(paths.system(node_id),))
    return node
