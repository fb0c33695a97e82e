"""What a reading of an edge site makes of its zone, in one transaction: each node's row (with
the OP's judgement: ``ok``, ``at_risk``, ``down``), the zone's capacity (the sum of the nodes
that are not down), its availability (``NOT_AVAILABLE`` once every node is down) and health
(``Degraded`` while a node is down or at risk), the partners told of a change of status or
capacity, and the instances moved off nodes that are no longer usable."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from sqlmodel.ext.asyncio.session import AsyncSession

from op_platform.db.tables.columns import utcnow
from op_platform.db.tables.zone_rows import EdgeNodeRow, ZoneRow
from op_platform.db.zone_repository import EdgeNodeRepository, ZoneRepository
from op_platform.models.ewbi.enums import Status
from op_platform.services.edge.prediction import Prediction
from op_platform.services.edge.readings import NodeReading
from op_platform.services.edge.relocation import relocate
from op_platform.services.zones.zone_subscriptions import zone_changed
from op_platform.settings import Settings

log = logging.getLogger(__name__)

OK, AT_RISK, DOWN = "ok", "at_risk", "down"
ZONE_OK, ZONE_DEGRADED, ZONE_DOWN = "OK", "Degraded", "Down"


@dataclass(frozen=True)
class Judged:
    reading: NodeReading
    prediction: Prediction | None

    @property
    def condition(self) -> str:
        if self.reading.down:
            return DOWN
        return AT_RISK if self.prediction is not None else OK

    @property
    def reason(self) -> str | None:
        if self.reading.down:
            return f"power {self.reading.power_state}, health {self.reading.health}"
        return self.prediction.describe() if self.prediction is not None else None


@dataclass(frozen=True)
class Outcome:
    status: str
    health: str
    cpus: int
    notified: bool
    moved: int
    failed: int


def _write(row: EdgeNodeRow, judged: Judged) -> bool:
    """Bring ``row`` to ``judged``; whether anything changed (``updated_at`` then moves). A
    row that did not change is not written: a poll of a site at rest writes nothing, and the
    transaction (SQLite's one writer at a time) stays short for the others."""
    r = judged.reading
    values = {
        "condition": judged.condition,
        "reason": judged.reason,
        "health": r.health,
        "power_state": r.power_state,
        "num_cpu": r.num_cpu,
        "memory_mb": r.memory_mb,
        "storage_gb": r.storage_gb,
        "accelerators": r.accelerators,
        "power_watts": r.power_watts,
        "power_limit_watts": r.power_limit_watts,
        "max_temperature": r.max_temperature,
        "thermal_headroom": r.thermal_headroom,
    }
    changed = {name: value for name, value in values.items() if getattr(row, name) != value}
    for name, value in changed.items():
        setattr(row, name, value)
    if changed:
        row.updated_at = utcnow()
    return bool(changed)


def _figures(zone: ZoneRow, nodes: Sequence[EdgeNodeRow]) -> tuple[int, int, int, int, str, str]:
    up = [n for n in nodes if n.condition != DOWN]
    status = Status.AVAILABLE.value if up else Status.NOT_AVAILABLE.value
    if zone.status not in (Status.AVAILABLE.value, Status.NOT_AVAILABLE.value):
        status = zone.status  # LOCKED or failed by an operator: not the site's to lift
    health = (
        ZONE_DOWN
        if not up
        else ZONE_OK
        if all(n.condition == OK for n in nodes)
        else (ZONE_DEGRADED)
    )
    return (
        sum(n.num_cpu for n in up),
        sum(n.memory_mb for n in up),
        sum(n.storage_gb for n in up),
        sum(n.accelerators for n in up),
        status,
        health,
    )


async def apply(
    session: AsyncSession,
    settings: Settings,
    zone_id: str,
    judged: Sequence[Judged],
    *,
    complete: bool,
) -> Outcome | None:
    """Record ``judged`` (every node of the site when ``complete``, else the ones an event
    named) and bring the zone in line; None when the zone is not configured here."""
    zone = await ZoneRepository(session).get(zone_id)
    if zone is None:
        return None
    repo = EdgeNodeRepository(session)
    rows = {row.node_id: row for row in await repo.of_zone(zone_id)}
    for item in judged:
        row = rows.get(item.reading.node_id)
        new = row is None
        if row is None:
            row = rows[item.reading.node_id] = EdgeNodeRow(
                zone_id=zone_id, node_id=item.reading.node_id
            )
        if _write(row, item) or new:
            repo.add(row)
    if complete:
        seen = {item.reading.node_id for item in judged}
        for node_id in [n for n in rows if n not in seen]:
            await repo.remove(rows.pop(node_id))
    await session.flush()
    cpu, memory, storage, accelerators, status, health = _figures(zone, list(rows.values()))
    before = (zone.num_cpu, zone.memory_mb, zone.storage_gb, zone.accelerators, zone.status)
    after = (cpu, memory, storage, accelerators, status)
    changed = before != after
    if changed or health != zone.health:
        zone.num_cpu, zone.memory_mb, zone.storage_gb, zone.accelerators = after[:4]
        zone.status, zone.health = status, health
        zone.updated_at = utcnow()
        session.add(zone)
        await session.flush()
        log.info(
            "zone changed with its edge site",
            extra={"zone": zone_id, "status": status, "health": health, "cpu": cpu},
        )
    moved, failed = await relocate(session, settings, zone_id)
    if changed:
        await zone_changed(session, zone_id)
    return Outcome(status, health, cpu, changed, moved, failed)


async def site_view(session: AsyncSession, zone_id: str) -> dict[str, object]:
    """A zone on an edge site as the admin API shows it: the zone's figures and each node."""
    zone = await ZoneRepository(session).get(zone_id)
    nodes = await EdgeNodeRepository(session).of_zone(zone_id)
    return {
        "zoneId": zone_id,
        "status": zone.status if zone else None,
        "health": zone.health if zone else None,
        "capacity": (
            {
                "numCPU": zone.num_cpu,
                "memoryMB": zone.memory_mb,
                "storageGB": zone.storage_gb,
                "accelerators": zone.accelerators,
            }
            if zone
            else None
        ),
        "nodes": [
            {
                "nodeId": n.node_id,
                "condition": n.condition,
                "reason": n.reason,
                "health": n.health,
                "powerState": n.power_state,
                "numCPU": n.num_cpu,
                "memoryMB": n.memory_mb,
                "powerWatts": n.power_watts,
                "powerLimitWatts": n.power_limit_watts,
                "maxTemperatureCelsius": n.max_temperature,
                "thermalHeadroomCelsius": n.thermal_headroom,
                "updatedAt": n.updated_at.isoformat(),
            }
            for n in nodes
        ],
    }
