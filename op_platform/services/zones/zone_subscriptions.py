"""Zone synchronisation, serving side: ZoneSubscribe, ZoneUnsubscribe, GetZoneData, and the
callbacks that follow a change of one of this OP's zones (:func:`zone_changed`).

The compute figures reported (reserved, quota and available) are what the zone can still take:
its capacity (for a zone on an edge site, the sum of its nodes that are up) minus what its pools
reserve and its instances hold. Flavours follow the zone's whole capacity.

Subscribing again to a zone already subscribed with the same ``availZoneNotifLink`` is accepted
(idempotent: same answer, the current figures are sent again); with a different link it is 409.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from sqlmodel.ext.asyncio.session import AsyncSession

from op_platform.db.federation_repository import FederationRepository
from op_platform.db.tables import FederationRow, ZoneRow, ZoneSubscriptionRow
from op_platform.db.zone_repository import ZoneRepository
from op_platform.errors import AlreadyExists, NotFound, Unprocessable
from op_platform.models.ewbi.callbacks import (
    AvailableNetResources,
    ZoneResourceUpdateEvent,
    ZoneResUpdInfo,
    ZoneStatus,
)
from op_platform.models.ewbi.common import ComputeResourceInfo
from op_platform.models.ewbi.enums import (
    ComputeCpuArchType,
    PartnerStatusObjectType,
)
from op_platform.models.ewbi.zones import (
    NetworkResources,
    ZoneRegisteredData,
    ZoneRegistrationRequestData,
    ZoneRegistrationResponseData,
)
from op_platform.outbox import enqueue
from op_platform.services.federation.contexts import callback_auth, send_partner_status, zone_status
from op_platform.services.instances.resource_pools import zone_free
from op_platform.services.url_acceptance import accept_url
from op_platform.services.zones.flavours import Resources, flavours_supported
from op_platform.settings import Settings

log = logging.getLogger(__name__)

EGRESS_MBPS = 10000


def compute(free: Resources) -> ComputeResourceInfo:
    return ComputeResourceInfo(
        cpuArchType=ComputeCpuArchType.ISA_X86_64,
        numCPU=max(free.cpu, 0),
        memory=max(free.memory_mb, 0),
        diskStorage=max(free.storage_gb, 0),
    )


def registered_data(row: ZoneRow, free: Resources) -> ZoneRegisteredData:
    """What a subscriber gets on a zone: what it can still take as reservation and quota, and
    the flavours it offers (what InstallApp and pools accept)."""
    return ZoneRegisteredData(
        zoneId=row.zone_id,
        reservedComputeResources=[compute(free)],
        computeResourceQuotaLimits=[compute(free)],
        flavoursSupported=flavours_supported(row),
        networkResources=NetworkResources(
            egressBandWidth=EGRESS_MBPS, dedicatedNIC=0, supportSriov=False, supportDPDK=False
        ),
    )


def resource_update(
    federation_context_id: str, row: ZoneRow, free: Resources
) -> ZoneResourceUpdateEvent:
    return ZoneResourceUpdateEvent(
        federationContextId=federation_context_id,
        zoneId=row.zone_id,
        zoneResUpdInfo=[
            ZoneResUpdInfo(
                availableCompResources=[compute(free)],
                availableNetResources=AvailableNetResources(
                    egressBandWidth=EGRESS_MBPS,
                    dedicatedNIC=0,
                    supportSriov=False,
                    supportDPDK=False,
                ),
            )
        ],
    )


async def send_resource_update(
    session: AsyncSession, federation: FederationRow, link: str, row: ZoneRow
) -> None:
    await enqueue(
        session,
        kind="ewbi.onZoneResourceUpdateEvent",
        method="POST",
        url=link,
        body=resource_update(federation.federation_context_id, row, await zone_free(session, row)),
        auth=callback_auth(federation),
        ordering_key=f"fed:{federation.federation_context_id}",
    )


async def subscribe(
    session: AsyncSession,
    settings: Settings,
    federation: FederationRow,
    body: ZoneRegistrationRequestData,
) -> ZoneRegistrationResponseData:
    """ZoneSubscribe: every zone must be offered (422) and not subscribed elsewhere (409)."""
    accept_url(settings, body.availZoneNotifLink, "availZoneNotifLink")
    zones = ZoneRepository(session)
    repo = FederationRepository(session)
    wanted = list(dict.fromkeys(body.acceptedAvailabilityZones))
    rows: list[ZoneRow] = []
    unknown: list[str] = []
    for zone_id in wanted:
        row = await zones.get(zone_id)
        if row is None:
            unknown.append(zone_id)
        else:
            rows.append(row)
    if unknown:
        raise Unprocessable(
            f"zones not offered by this OP: {', '.join(unknown)}",
            params=[("acceptedAvailabilityZones", f"unknown zone {z}") for z in unknown],
            cause="UNKNOWN_ZONE",
        )
    ctx = federation.federation_context_id
    for row in rows:
        existing = await repo.subscription(ctx, row.zone_id)
        if existing is None:
            repo.add_subscription(
                ZoneSubscriptionRow(
                    federation_context_id=ctx,
                    zone_id=row.zone_id,
                    notif_link=body.availZoneNotifLink,
                )
            )
        elif existing.notif_link != body.availZoneNotifLink:
            raise AlreadyExists(
                f"zone {row.zone_id!r} is already subscribed with another availZoneNotifLink",
                cause="ZONE_ALREADY_SUBSCRIBED",
            )
    await session.flush()
    for row in rows:
        await send_resource_update(session, federation, body.availZoneNotifLink, row)
    log.info("zones subscribed", extra={"federation_context_id": ctx, "zones": wanted})
    return ZoneRegistrationResponseData(
        acceptedZoneResourceInfo=[
            registered_data(row, await zone_free(session, row)) for row in rows
        ]
    )


async def _subscribed(
    session: AsyncSession, federation: FederationRow, zone_id: str
) -> tuple[ZoneSubscriptionRow, ZoneRow]:
    subscription = await FederationRepository(session).subscription(
        federation.federation_context_id, zone_id
    )
    row = await ZoneRepository(session).get(zone_id)
    if subscription is None or row is None:
        raise NotFound(f"zone {zone_id!r} is not subscribed", cause="ZONE_NOT_SUBSCRIBED")
    return subscription, row


async def unsubscribe(session: AsyncSession, federation: FederationRow, zone_id: str) -> None:
    subscription, _ = await _subscribed(session, federation, zone_id)
    await FederationRepository(session).delete_subscription(subscription)


# What GetZoneData reads: a change to one of these tables drops its cached answers.
ZONE_DATA_TABLES = (
    "federation",
    "federation_zone_subscription",
    "zone",
    "app_instance",
    "resource_pool",
)


async def zone_data(
    session: AsyncSession, federation: FederationRow, zone_id: str
) -> ZoneRegisteredData:
    _, row = await _subscribed(session, federation, zone_id)
    return registered_data(row, await zone_free(session, row))


async def zone_changed(session: AsyncSession, zone_id: str) -> None:
    """Tell partners that zone ``zone_id`` changed (status or capacity).

    Every federation gets an onPartnerStatusEvent (ZONES/STATUS with the zone's status); every
    subscriber of the zone an onZoneResourceUpdateEvent. Call it in the transaction that changed
    the zone.
    """
    row = await ZoneRepository(session).get(zone_id)
    if row is None:
        raise NotFound(f"zone {zone_id!r} not found")
    repo = FederationRepository(session)
    status = ZoneStatus(zoneId=row.zone_id, status=zone_status(row))
    for federation in await repo.list():
        await send_partner_status(
            session, federation, PartnerStatusObjectType.ZONES, zone_status=[status]
        )
    for subscription in await repo.subscribers(zone_id):
        federation_row = await repo.get(subscription.federation_context_id)
        if federation_row is not None:
            await send_resource_update(session, federation_row, subscription.notif_link, row)


async def subscribed_zone_ids(session: AsyncSession, federation: FederationRow) -> Sequence[str]:
    rows = await FederationRepository(session).subscriptions(federation.federation_context_id)
    return [row.zone_id for row in rows]
