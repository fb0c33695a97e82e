"""Which of a partner's flavours an application is installed with.

A partner advertises its flavours per zone in ZoneSubscribe's answer (``flavoursSupported``,
kept in ``PartnerFederationRow.zone_resources[zone]["registered"]``); InstallApp must name one of
those ids. The choice is the smallest advertised flavour that gives the application the CPUs
and memory it asks for, or the largest advertised one when none does. Before the zone's
subscription was answered nothing is known yet: the InstallApp queued behind it is given its
flavour when the answer arrives (``services.instances.provider_instances``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# Named only when the partner advertised nothing usable: the smallest flavour of this project's
# own catalogue (``services.zones.flavours``).
FALLBACK_FLAVOUR = "fl-small"


def advertised(zone_resources: Mapping[str, Any], zone_id: str) -> list[dict[str, Any]]:
    """The flavours the partner advertised on ``zone_id`` (empty when not known yet)."""
    registered = (zone_resources.get(zone_id) or {}).get("registered") or {}
    found = registered.get("flavoursSupported") or []
    return [f for f in found if isinstance(f, dict) and isinstance(f.get("flavourId"), str)]


def choose(flavours: list[dict[str, Any]], cpu: int, memory_mb: int) -> str | None:
    """The smallest flavour with at least ``cpu`` CPUs and ``memory_mb`` MB, else the largest."""
    if not flavours:
        return None

    def size(flavour: dict[str, Any]) -> tuple[int, int]:
        return int(flavour.get("numCPU") or 0), int(flavour.get("memorySize") or 0)

    ordered = sorted(flavours, key=size)
    fitting = [f for f in ordered if size(f)[0] >= cpu and size(f)[1] >= memory_mb]
    return str((fitting or ordered[-1:])[0]["flavourId"])
