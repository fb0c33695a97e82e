"""The OP's own zone inventory."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel.ext.asyncio.session import AsyncSession

from op_platform.db.tables import ZoneRow
from op_platform.db.zone_repository import ZoneRepository
from op_platform.settings import Zone

# What a zone on an edge site learns from the site, kept across restarts.
FROM_SITE = ("num_cpu", "memory_mb", "storage_gb", "accelerators", "health")


async def sync_configured(session: AsyncSession, zones: Sequence[Zone]) -> None:
    """Make the configured zones present (status is kept: it is runtime state; so is what a
    zone on an edge site learnt from the site)."""
    repo = ZoneRepository(session)
    for zone in zones:
        edge = zone.edge_site is not None
        await repo.upsert(
            ZoneRow(
                zone_id=zone.zone_id,
                geography_details=zone.geography_details,
                latitude=zone.latitude,
                longitude=zone.longitude,
                region=zone.region,
                num_cpu=zone.num_cpu,
                memory_mb=zone.memory_mb,
                storage_gb=zone.storage_gb,
                source="edge" if edge else "config",
            ),
            keep=FROM_SITE if edge else (),
        )


async def list_zones(session: AsyncSession) -> Sequence[ZoneRow]:
    return await ZoneRepository(session).list()
