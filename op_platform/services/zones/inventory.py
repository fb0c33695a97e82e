"""The OP's own zone inventory."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel.ext.asyncio.session import AsyncSession

from op_platform.db.tables import ZoneRow
from op_platform.db.zone_repository import ZoneRepository
from op_platform.settings import Zone


async def sync_configured(session: AsyncSession, zones: Sequence[Zone]) -> None:
    """Make the configured zones present (status is kept: it is runtime state)."""
    repo = ZoneRepository(session)
    for zone in zones:
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
                source="config",
            )
        )


async def list_zones(session: AsyncSession) -> Sequence[ZoneRow]:
    return await ZoneRepository(session).list()
