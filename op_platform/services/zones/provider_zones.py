"""The Edge Cloud Zones an app provider sees: this OP's own zones and every zone its federation
partners offer (``edgeCloudProvider`` = the partner's operator id), and one cluster per zone.

Partner zones come from this OP's federation records (``PartnerFederationRow.offered_zones``),
which the partners' ``onPartnerStatusEvent`` callbacks keep current, so a zone a partner makes
unavailable is listed ``inactive`` as soon as the callback is received. EWBI zone status
``AVAILABLE`` is CAMARA ``active``, ``NOT_AVAILABLE`` is ``inactive``, anything else ``unknown``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from op_platform.db.federation_repository import PartnerFederationRepository
from op_platform.db.zone_repository import ZoneRepository
from op_platform.errors import NotFound
from op_platform.models.nbi import ClusterInfo, EdgeCloudZone, KubernetesNodePool
from op_platform.services.identifiers import cluster_uuid, zone_uuid
from op_platform.services.instances.resource_pools import zone_free

PENDING = "PENDING"
STATUS = {"AVAILABLE": "active", "NOT_AVAILABLE": "inactive"}


@dataclass(frozen=True)
class NbiZone:
    uuid: str
    zone_id: str
    provider: str
    name: str
    status: str
    region: str | None
    local: bool
    country_code: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    federation_context_id: str | None = None
    num_cpu: int = 0
    memory_mb: int = 0

    def wire(self) -> EdgeCloudZone:
        data: dict[str, Any] = {
            "edgeCloudZoneId": self.uuid,
            "edgeCloudZoneName": self.name[:64],
            "edgeCloudZoneStatus": self.status,
            "edgeCloudProvider": self.provider,
            "edgeCloudRegion": self.region,
            "countryCode": self.country_code,
            "federated": not self.local,
        }
        if self.latitude is not None and self.longitude is not None:
            data["geolocation"] = {"latitude": self.latitude, "longitude": self.longitude}
        return EdgeCloudZone.model_validate(data)

    def cluster(self) -> ClusterInfo:
        """The one Kubernetes cluster this OP reports per zone."""
        cpu = min(max(self.num_cpu, 1), 256)
        memory = min(max(self.memory_mb // 1024, 1), 16384)
        pool = KubernetesNodePool.model_validate(
            {
                "name": "default",
                "numNodes": 1,
                "scalable": False,
                "nodeResources": {"numCPU": cpu, "memory": memory},
            }
        )
        return ClusterInfo(
            name=f"{self.zone_id}-cluster"[:64],
            provider=_provider_name(self.provider),
            clusterRef=cluster_uuid(self.provider, self.zone_id),
            edgeCloudZoneId=self.uuid,
            edgeCloudRegion=self.region,
            nodePools=[pool],
        )


def _provider_name(operator_id: str) -> str:
    """ClusterInfo.provider follows the AppProvider pattern: at least 8 characters."""
    name = "".join(c if c.isalnum() or c == "_" else "_" for c in operator_id)
    name = name if name[:1].isalpha() else "op_" + name
    return name.ljust(8, "_")[:64]


def _geolocation(text: str) -> tuple[float | None, float | None]:
    try:
        lat, lon = (float(part) for part in text.split(",")[:2])
    except ValueError:
        return None, None
    return lat, lon


# What list_zones reads: a change to one of these tables drops the cached list.
ZONE_LIST_TABLES = ("zone", "partner_federation", "app_instance", "resource_pool")


async def list_zones(session: AsyncSession, operator_id: str, country: str) -> list[NbiZone]:
    """Every zone, local first, then each partner's in the order of its federation record. A
    local zone's cluster has what the zone can still take (its capacity minus what its pools
    and instances hold)."""
    rows = await ZoneRepository(session).list()
    free = {row.zone_id: await zone_free(session, row) for row in rows}
    zones = [
        NbiZone(
            uuid=zone_uuid(operator_id, row.zone_id),
            zone_id=row.zone_id,
            provider=operator_id,
            name=row.zone_id,
            status=STATUS.get(row.status, "unknown"),
            region=row.region or None,
            local=True,
            country_code=country,
            latitude=row.latitude,
            longitude=row.longitude,
            num_cpu=free[row.zone_id].cpu,
            memory_mb=free[row.zone_id].memory_mb,
        )
        for row in rows
    ]
    seen: set[tuple[str, str]] = set()
    for record in reversed(await PartnerFederationRepository(session).list()):
        if record.status == PENDING:
            continue
        for zone in record.offered_zones:
            zone_id = str(zone.get("zoneId"))
            if (record.partner_id, zone_id) in seen:
                continue
            seen.add((record.partner_id, zone_id))
            lat, lon = _geolocation(str(zone.get("geolocation", "")))
            zones.append(
                NbiZone(
                    uuid=zone_uuid(record.partner_id, zone_id),
                    zone_id=zone_id,
                    provider=record.partner_id,
                    name=zone_id,
                    status=STATUS.get(str(zone.get("status", "")), "unknown"),
                    region=str(zone.get("geographyDetails", ""))[:64] or None,
                    local=False,
                    country_code=record.partner_country_code,
                    latitude=lat,
                    longitude=lon,
                    federation_context_id=record.federation_context_id,
                    num_cpu=8,
                    memory_mb=16384,
                )
            )
    return zones


async def find_zone(
    session: AsyncSession, operator_id: str, country: str, zone_uuid_: str
) -> NbiZone:
    for zone in await list_zones(session, operator_id, country):
        if zone.uuid == zone_uuid_:
            return zone
    raise NotFound(f"edge cloud zone {zone_uuid_} not found")


def matches(zone: NbiZone, region: str | None, status: str | None, provider: str | None) -> bool:
    return (
        (region is None or zone.region == region)
        and (status is None or zone.status == status)
        and (provider is None or zone.provider == provider)
    )
