"""Where instances run on a zone's edge site: on the usable node (not down, not at risk) with the
most thermal and power headroom that still has room for them. A zone without edge nodes places
nothing (``node_id`` stays None)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlmodel.ext.asyncio.session import AsyncSession

from op_platform.db.instance_repository import InstanceRepository
from op_platform.db.tables.zone_rows import EdgeNodeRow
from op_platform.db.zone_repository import EdgeNodeRepository
from op_platform.services.zones.flavours import Resources

OK = "ok"
THERMAL_SPAN = 30.0
"""Degrees of headroom counted as a full score (more is no better)."""


def score(node: EdgeNodeRow) -> float:
    """0..1: the smaller of the thermal and the power headroom."""
    thermal = 1.0
    if node.thermal_headroom is not None:
        thermal = min(1.0, max(0.0, node.thermal_headroom / THERMAL_SPAN))
    power = 1.0
    if node.power_watts is not None and node.power_limit_watts:
        power = max(0.0, 1.0 - node.power_watts / node.power_limit_watts)
    return min(thermal, power)


def node_size(node: EdgeNodeRow) -> Resources:
    return Resources(node.num_cpu, node.memory_mb, node.storage_gb)


@dataclass
class Site:
    """A zone's nodes and what the instances on each hold, while placing."""

    nodes: Sequence[EdgeNodeRow]
    held: dict[str, Resources]

    def choose(self, needs: Resources, away_from: str | None = None) -> EdgeNodeRow | None:
        fitting = [
            n
            for n in self.nodes
            if n.condition == OK
            and n.node_id != away_from
            and needs.fits_in(node_size(n) - self.held.get(n.node_id, Resources()))
        ]
        if not fitting:
            return None
        return max(fitting, key=lambda n: (round(score(n), 2), -self._count(n), n.node_id))

    def _count(self, node: EdgeNodeRow) -> int:
        return self.held.get(node.node_id, Resources()).cpu

    def take(self, node_id: str | None, needs: Resources, sign: int = 1) -> None:
        if node_id is not None:
            held = self.held.get(node_id, Resources())
            self.held[node_id] = held + needs if sign > 0 else held - needs

    def usable(self, node_id: str | None) -> bool:
        return any(n.node_id == node_id and n.condition == OK for n in self.nodes)


async def load_site(session: AsyncSession, zone_id: str) -> Site:
    nodes = await EdgeNodeRepository(session).of_zone(zone_id)
    site = Site(nodes, {})
    for inst in await InstanceRepository(session).holding_capacity(zone_id):
        site.take(inst.node_id, Resources(inst.num_cpu, inst.memory_mb, inst.storage_gb))
    return site


async def place(session: AsyncSession, zone_id: str, needs: Resources) -> str | None:
    """The node a new instance of ``needs`` goes to (None: the zone has no edge nodes, or none
    has room; the zone's own capacity check decides then)."""
    chosen = (await load_site(session, zone_id)).choose(needs)
    return chosen.node_id if chosen is not None else None
