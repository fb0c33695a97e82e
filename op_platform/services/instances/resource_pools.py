"""ISV resource pools (CreateResourcePools, ViewISVResPool, UpdateISVResPool, RemoveISVResPool)
and the capacity accounting of this OP's zones.

A zone's capacity (``num_cpu``, ``memory_mb``, ``storage_gb``) is used by the flavours its pools
reserve and by the instances that run outside any pool; an instance started in a pool takes one
of the pool's flavours and uses no further zone capacity. Every change of a zone's usage locks the
zone row first, so concurrent requests on PostgreSQL cannot overbook it.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from op_platform.db.federation_repository import FederationRepository
from op_platform.db.instance_repository import InstanceRepository, PoolRepository, lock_zone
from op_platform.db.tables.columns import utcnow
from op_platform.db.tables.federation_rows import FederationRow
from op_platform.db.tables.instance_rows import ResourcePoolRow
from op_platform.db.tables.zone_rows import ZoneRow
from op_platform.db.zone_repository import ZoneRepository
from op_platform.errors import AlreadyExists, Conflict, InvalidInput, NotFound, Unprocessable
from op_platform.models.ewbi.callbacks import GrantedFlavour, ResourceStatusChangeEvent
from op_platform.models.ewbi.enums import PoolUpdateType, Status
from op_platform.models.ewbi.pools import (
    CreateResourcePoolsRequest,
    CreateResourcePoolsResponse,
    PoolUpdate,
    ReservedFlavour,
    ResourcePoolInfo,
)
from op_platform.outbox import enqueue
from op_platform.services.federation.contexts import callback_auth, zone_status
from op_platform.services.instances.reservation import ended, expiry
from op_platform.services.url_acceptance import accept_url
from op_platform.services.zones.flavours import FlavourSpec, Resources, zone_flavour, zone_total
from op_platform.settings import Settings

POOL_EVENT = "ewbi.onResourceStatusChangeEvent"


# -- capacity ---------------------------------------------------------------------------------


def unknown_zone(zone_id: str, field: str = "zoneId") -> Unprocessable:
    return Unprocessable(
        f"zone {zone_id!r} is not a zone of this operator platform",
        params=[(field, "unknown zone")],
        cause="UNKNOWN_ZONE",
    )


async def zone_or_422(session: AsyncSession, zone_id: str, *, lock: bool = False) -> ZoneRow:
    zone = await (lock_zone(session, zone_id) if lock else ZoneRepository(session).get(zone_id))
    if zone is None:
        raise unknown_zone(zone_id)
    return zone


async def usable_zone_or_422(
    session: AsyncSession, fed: FederationRow, zone_id: str, field: str = "zoneId"
) -> ZoneRow:
    """A zone the partner may place work on (locked): offered, AVAILABLE and subscribed in the
    federation; 422 otherwise, naming the zone (and its status)."""
    zone = await zone_or_422(session, zone_id, lock=True)
    status = zone_status(zone)
    if status is not Status.AVAILABLE:
        raise Unprocessable(
            f"zone {zone_id!r} is {status.value}, not AVAILABLE",
            params=[(field, f"zone status is {status.value}")],
            cause="ZONE_NOT_AVAILABLE",
        )
    subscription = await FederationRepository(session).subscription(
        fed.federation_context_id, zone_id
    )
    if subscription is None:
        raise Unprocessable(
            f"zone {zone_id!r} is not subscribed in this federation (ZoneSubscribe first)",
            params=[(field, "zone not subscribed")],
            cause="ZONE_NOT_SUBSCRIBED",
        )
    return zone


def flavour_or_422(zone: ZoneRow, flavour_id: str, field: str) -> FlavourSpec:
    spec = zone_flavour(zone, flavour_id)
    if spec is None:
        raise Unprocessable(
            f"zone {zone.zone_id!r} does not offer flavour {flavour_id!r}",
            params=[(field, "flavour not supported on this zone")],
            cause="UNSUPPORTED_FLAVOUR",
        )
    return spec


def pool_resources(zone: ZoneRow, flavours: dict[str, int]) -> Resources:
    total = Resources()
    for flavour_id, count in flavours.items():
        spec = zone_flavour(zone, flavour_id)
        if spec is not None:
            total = total + spec.resources.times(count)
    return total


async def zone_usage(session: AsyncSession, zone: ZoneRow) -> Resources:
    """What the zone's pools reserve plus what its instances outside pools hold."""
    used = Resources()
    for pool in await PoolRepository(session).on_zone(zone.zone_id):
        used = used + pool_resources(zone, pool.flavours)
    for inst in await InstanceRepository(session).holding_capacity(zone.zone_id):
        if inst.res_pool is None:
            used = used + Resources(inst.num_cpu, inst.memory_mb, inst.storage_gb)
    return used


async def zone_free(session: AsyncSession, zone: ZoneRow) -> Resources:
    return zone_total(zone) - await zone_usage(session, zone)


async def pool_free_slots(session: AsyncSession, pool: ResourcePoolRow, flavour_id: str) -> int:
    """How many more instances of ``flavour_id`` the pool can take (none once it ended)."""
    if ended(pool):
        return 0
    used = sum(
        1
        for inst in await InstanceRepository(session).in_pool(pool.pool_id)
        if inst.flavour_id == flavour_id
    )
    return pool.flavours.get(flavour_id, 0) - used


# -- operations -------------------------------------------------------------------------------


def _pool_event(pool: ResourcePoolRow, granted: dict[str, int]) -> ResourceStatusChangeEvent:
    return ResourceStatusChangeEvent(
        federationContextId=pool.federation_context_id,
        appProviderId=pool.app_provider_id,
        zoneId=pool.zone_id,
        poolId=pool.pool_id,
        grantedFlavours=[
            GrantedFlavour(flavourId=flavour_id, numFlavour=count)
            for flavour_id, count in granted.items()
        ],
    )


async def notify_granted(
    session: AsyncSession, fed: FederationRow, pool: ResourcePoolRow, granted: dict[str, int]
) -> None:
    """Queue ``onResourceStatusChangeEvent`` to the pool's callback link."""
    await enqueue(
        session,
        kind=POOL_EVENT,
        method="POST",
        url=pool.callback_link,
        body=_pool_event(pool, granted),
        auth=callback_auth(fed),
        ordering_key=f"pool:{pool.pool_id}",
    )


async def _notify(session: AsyncSession, fed: FederationRow, pool: ResourcePoolRow) -> None:
    await notify_granted(session, fed, pool, dict(pool.flavours))


async def create_pool(
    session: AsyncSession,
    settings: Settings,
    fed: FederationRow,
    zone_id: str,
    app_provider_id: str,
    body: CreateResourcePoolsRequest,
) -> CreateResourcePoolsResponse:
    """Reserve up to ``numFlavour`` of each flavour (at least ``minNumOfFlavours``, else 422)."""
    link = body.resourceReservationCallbackLink
    accept_url(settings, link, "resourceReservationCallbackLink")
    ctx = fed.federation_context_id
    request = body.resRequest
    zone = await usable_zone_or_422(session, fed, zone_id)
    seen: set[str] = set()
    specs: list[tuple[FlavourSpec, int, int]] = []
    for index, item in enumerate(request.flavours):
        field = f"resRequest.flavours.{index}"
        if item.flavourId in seen:
            raise InvalidInput(
                f"flavour {item.flavourId!r} is listed twice",
                params=[(f"{field}.flavourId", "duplicate flavour")],
            )
        seen.add(item.flavourId)
        minimum = item.numFlavour if item.minNumOfFlavours is None else item.minNumOfFlavours
        if item.numFlavour < 1 or minimum < 0 or minimum > item.numFlavour:
            raise InvalidInput(
                "numFlavour must be at least 1 and minNumOfFlavours between 0 and numFlavour",
                params=[(f"{field}.numFlavour", "must be >= 1 and >= minNumOfFlavours")],
            )
        specs.append(
            (flavour_or_422(zone, item.flavourId, f"{field}.flavourId"), item.numFlavour, minimum)
        )
    repo = PoolRepository(session)
    if await repo.by_name(ctx, app_provider_id, zone_id, request.poolName) is not None:
        raise AlreadyExists(
            f"pool {request.poolName!r} already exists for this provider on zone {zone_id!r}",
            params=[("resRequest.poolName", "duplicate pool name")],
            cause="POOL_EXISTS",
        )
    free = await zone_free(session, zone)
    granted: dict[str, int] = {}
    for index, (spec, wanted, minimum) in enumerate(specs):
        count = wanted
        while count > minimum and not spec.resources.times(count).fits_in(free):
            count -= 1
        if not spec.resources.times(count).fits_in(free):
            raise Unprocessable(
                f"zone {zone_id!r} cannot reserve {minimum} x {spec.flavour_id}: "
                f"{free.describe()} free",
                params=[(f"resRequest.flavours.{index}.minNumOfFlavours", "exceeds capacity")],
                cause="INSUFFICIENT_CAPACITY",
            )
        free = free - spec.resources.times(count)
        granted[spec.flavour_id] = count
    now = utcnow()
    duration = request.reserveDuration.wire()
    pool = ResourcePoolRow(
        pool_id=f"pool_{uuid.uuid4().hex[:20]}",
        federation_context_id=ctx,
        app_provider_id=app_provider_id,
        zone_id=zone_id,
        pool_name=request.poolName,
        flavours=granted,
        reserve_duration=duration,
        callback_link=body.resourceReservationCallbackLink,
        reservation_time=now,
        expires_at=expiry(now, duration),
    )
    repo.add(pool)
    await session.flush()
    await _notify(session, fed, pool)
    return CreateResourcePoolsResponse(poolName=pool.pool_name, poolId=pool.pool_id)


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def pool_info(pool: ResourcePoolRow) -> ResourcePoolInfo:
    reserved = [ReservedFlavour(flavourId=f, count=c) for f, c in pool.flavours.items()]
    data: dict[str, Any] = {
        "poolName": pool.pool_name,
        "reservedPoolId": pool.pool_id,
        "reservedFlavours": reserved,
        "reservationTime": _aware(pool.reservation_time),
    }
    if pool.reserve_duration:
        data["reserveDuration"] = pool.reserve_duration
    return ResourcePoolInfo.model_validate(data)


async def view_pools(
    session: AsyncSession, fed: FederationRow, zone_id: str, app_provider_id: str
) -> list[ResourcePoolInfo]:
    await zone_or_422(session, zone_id)
    pools = await PoolRepository(session).list(fed.federation_context_id, app_provider_id, zone_id)
    return [pool_info(pool) for pool in pools]


async def _pool(
    session: AsyncSession, fed: FederationRow, zone_id: str, app_provider_id: str, pool_id: str
) -> ResourcePoolRow:
    pool = await PoolRepository(session).get(fed.federation_context_id, pool_id)
    if pool is None or pool.zone_id != zone_id or pool.app_provider_id != app_provider_id:
        raise NotFound(f"resource pool {pool_id!r} not found", cause="POOL_NOT_FOUND")
    return pool


async def update_pool(
    session: AsyncSession,
    fed: FederationRow,
    zone_id: str,
    app_provider_id: str,
    pool_id: str,
    updates: Sequence[PoolUpdate],
) -> None:
    """Apply the changes in order: ``count`` is the new total of the flavour (0 removes it)."""
    zone = await zone_or_422(session, zone_id, lock=True)
    pool = await _pool(session, fed, zone_id, app_provider_id, pool_id)
    flavours = dict(pool.flavours)
    duration = dict(pool.reserve_duration)
    expires_at = pool.expires_at
    for index, change in enumerate(updates):
        field = f"{index}"
        current = flavours.get(change.flavourId, 0)
        if change.count < 0:
            raise InvalidInput("count must not be negative", params=[(f"{field}.count", ">= 0")])
        if change.updateType is PoolUpdateType.DURATION:
            if change.reserveDuration is None:
                raise InvalidInput(
                    "a DURATION update needs reserveDuration",
                    params=[(f"{field}.reserveDuration", "required for DURATION")],
                )
            duration = change.reserveDuration.wire()
            expires_at = expiry(utcnow(), duration)  # "starting from now"
            continue
        flavour_or_422(zone, change.flavourId, f"{field}.flavourId")
        if change.updateType is PoolUpdateType.ADD and change.count < current:
            raise Unprocessable(
                f"ADD to {change.count} would lower {change.flavourId!r} from {current}",
                params=[(f"{field}.count", "ADD needs a total not below the current one")],
            )
        if change.updateType is PoolUpdateType.REMOVE and change.count > current:
            raise Unprocessable(
                f"REMOVE to {change.count} would raise {change.flavourId!r} from {current}",
                params=[(f"{field}.count", "REMOVE needs a total not above the current one")],
            )
        in_use = current - await pool_free_slots(session, pool, change.flavourId)
        if change.count < in_use:
            raise Unprocessable(
                f"{in_use} instances use {change.flavourId!r} in the pool",
                params=[(f"{field}.count", "below the flavours in use")],
                cause="POOL_IN_USE",
            )
        if change.count == 0:
            flavours.pop(change.flavourId, None)
        else:
            flavours[change.flavourId] = change.count
    if not flavours:
        raise Unprocessable("the pool would hold no flavour; remove it instead", cause="POOL_EMPTY")
    free = await zone_free(session, zone) + pool_resources(zone, pool.flavours)
    needed = pool_resources(zone, flavours)
    if not needed.fits_in(free):
        raise Unprocessable(
            f"zone {zone_id!r} cannot hold the pool: needs {needed.describe()}, "
            f"{free.describe()} available",
            cause="INSUFFICIENT_CAPACITY",
        )
    changed = flavours != pool.flavours
    pool.flavours = flavours
    pool.reserve_duration = duration
    pool.expires_at = expires_at
    pool.updated_at = utcnow()
    PoolRepository(session).add(pool)
    await session.flush()
    if changed:
        await _notify(session, fed, pool)


async def remove_pool(
    session: AsyncSession, fed: FederationRow, zone_id: str, app_provider_id: str, pool_id: str
) -> None:
    await zone_or_422(session, zone_id, lock=True)
    pool = await _pool(session, fed, zone_id, app_provider_id, pool_id)
    in_use = await InstanceRepository(session).in_pool(pool.pool_id)
    if in_use:
        raise Conflict(
            f"{len(in_use)} instances run in pool {pool_id!r}; remove them first",
            cause="POOL_IN_USE",
        )
    await PoolRepository(session).remove(pool)
