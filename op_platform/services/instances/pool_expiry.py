"""What the end of an ISV resource pool's reservation does.

A pool reserves its flavours for ``reserveDuration`` counted from the reservation, or from the
UpdateISVResPool DURATION change that set a new one ("starting from now", as OPG.04 says); the
end itself is computed by :mod:`op_platform.services.instances.reservation`.

When the time is up the reservation ends: the pool keeps only the flavours its running instances
use (they go on running) and gives the rest of the zone's capacity back; a pool nothing runs in is
removed. The partner hears of it through ``onResourceStatusChangeEvent`` with the new counts, a
released flavour as ``numFlavour: 0`` (``grantedFlavours`` needs at least one item, so a removed
pool is reported with all its flavours at 0). An ended pool takes no new instances; each pass of
the sweeper shrinks it again as its instances go.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from op_platform.db.federation_repository import FederationRepository
from op_platform.db.instance_repository import InstanceRepository, PoolRepository, lock_zone
from op_platform.db.tables.columns import utcnow
from op_platform.db.tables.instance_rows import ResourcePoolRow
from op_platform.services.instances.resource_pools import notify_granted


async def end_reservations(session: AsyncSession, now: datetime | None = None) -> int:
    """Shrink or remove every ended pool that still holds more than its instances use; the
    number of pools changed. Each change is announced to the partner through the outbox."""
    changed = 0
    for candidate in await PoolRepository(session).ended(now or utcnow()):
        await lock_zone(session, candidate.zone_id)
        pool = await session.get(ResourcePoolRow, candidate.pool_id, populate_existing=True)
        if pool is None:
            continue
        in_use = Counter(
            inst.flavour_id for inst in await InstanceRepository(session).in_pool(pool.pool_id)
        )
        kept = {f: min(n, in_use[f]) for f, n in pool.flavours.items() if in_use[f] > 0}
        if kept == pool.flavours:
            continue
        granted = {flavour: kept.get(flavour, 0) for flavour in pool.flavours}
        fed = await FederationRepository(session).get(pool.federation_context_id)
        if fed is not None:
            await notify_granted(session, fed, pool, granted)
        if kept:
            pool.flavours = kept
            pool.updated_at = utcnow()
            PoolRepository(session).add(pool)
        else:
            await PoolRepository(session).remove(pool)
        changed += 1
    return changed
