"""Zones: this OP's own, with their availability, capacity and what is used of it, and the
zones partners offered to this OP (from its federation records)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from op_platform.db.tables.federation_rows import (
    FederationRow,
    PartnerFederationRow,
    ZoneSubscriptionRow,
)
from op_platform.db.tables.zone_rows import ZoneRow
from op_platform.services.federation.contexts import zone_status
from op_platform.services.instances.resource_pools import zone_usage
from op_platform.services.zones.flavours import Resources, zone_total


def _resources(value: Resources) -> dict[str, int]:
    return {"cpu": value.cpu, "memoryMb": value.memory_mb, "storageGb": value.storage_gb}


async def own_zones(
    session: AsyncSession,
    zones: Sequence[ZoneRow],
    serving: Sequence[FederationRow],
    subscriptions: Sequence[ZoneSubscriptionRow],
) -> list[dict[str, Any]]:
    """Each own zone: status, total and used capacity, and which partners subscribed to it."""
    client_of = {row.federation_context_id: row.client_id for row in serving}
    views = []
    for zone in zones:
        subscribers = sorted(
            client_of.get(s.federation_context_id, s.federation_context_id)
            for s in subscriptions
            if s.zone_id == zone.zone_id
        )
        views.append(
            {
                "zoneId": zone.zone_id,
                "geography": zone.geography_details,
                "region": zone.region,
                "status": zone_status(zone).value,
                "source": zone.source,
                "capacity": _resources(zone_total(zone)),
                "used": _resources(await zone_usage(session, zone)),
                "subscribers": subscribers,
            }
        )
    return views


def federated_zones(originating: Sequence[PartnerFederationRow]) -> list[dict[str, Any]]:
    """Every zone a partner offered in a federation this OP created."""
    views = []
    for row in originating:
        for zone in row.offered_zones:
            zone_id = str(zone.get("zoneId") or "")
            views.append(
                {
                    "partnerId": row.partner_id,
                    "zoneId": zone_id,
                    "geography": zone.get("geographyDetails"),
                    "status": zone.get("status"),
                    "subscribed": zone_id in row.subscribed_zones,
                    "resources": row.zone_resources.get(zone_id),
                }
            )
    return views
