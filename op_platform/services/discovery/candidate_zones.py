"""Edge discovery for a partner (GetCandidateZones): this OP's zones ranked for a client.

Candidates are the zones where the application is ONBOARDED and not forbidden. With a client
location they are ordered by great-circle (haversine) distance from it, nearest first; without
one, by zone id. A ``rad_location`` is resolved through the configured ``cells`` (mcc, mnc, cell
id -> position); a location none of whose cells is known is a 422.

Each candidate carries the endpoint a client probes: the access point of a READY instance of the
application on the zone if there is one, else ``<appId>.<zone>.<operator>.edge.example`` on the
port of the application's first external interface (443 when it exposes none).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from sqlmodel.ext.asyncio.session import AsyncSession

from op_platform.db.instance_repository import InstanceRepository
from op_platform.db.tables.federation_rows import FederationRow
from op_platform.db.tables.zone_rows import ZoneRow
from op_platform.db.zone_repository import ZoneRepository
from op_platform.errors import Unprocessable
from op_platform.models.ewbi.common import ServiceEndpoint
from op_platform.models.ewbi.discovery import (
    CandidateZonesRequest,
    ClientLocation,
    DiscoveredEdgeNode,
)
from op_platform.models.ewbi.enums import InstanceState, Status
from op_platform.services.applications import app_lookup as applications
from op_platform.services.federation.contexts import zone_status
from op_platform.services.instances.partner_instances import external_interfaces, hostname
from op_platform.settings import Cell

EARTH_RADIUS_KM = 6371.0088
DEFAULT_PORT = 443


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def client_position(location: ClientLocation, cells: Sequence[Cell]) -> tuple[float, float]:
    """Where the client is: its ``geo_location``, else the first of its cells that is known."""
    if location.geo_location is not None:
        lat, _, lon = location.geo_location.partition(",")
        return float(lat), float(lon.strip())
    for rad in location.rad_location or []:
        for cell in cells:
            if (cell.mcc, cell.mnc, cell.cell_id) == (rad.mcc, rad.mnc, rad.cellId):
                return cell.latitude, cell.longitude
    raise Unprocessable(
        "none of the client's cells is known to this operator platform",
        params=[("edgeDiscoveryFilters.location.rad_location", "unknown cell")],
        cause="UNKNOWN_CELL",
    )


async def candidate_zones(
    session: AsyncSession,
    fed: FederationRow,
    body: CandidateZonesRequest,
    operator_id: str,
    cells: Sequence[Cell],
) -> list[DiscoveredEdgeNode]:
    ctx = fed.federation_context_id
    app = await applications.find_app(session, ctx, body.appId)
    if app is None or app.app_provider_id != body.appProviderId:
        raise applications.app_not_found(body.appId)
    zone_repo = ZoneRepository(session)
    zones: list[ZoneRow] = []
    for zone_id in await applications.onboarded_zones(session, ctx, body.appId):
        zone = await zone_repo.get(zone_id)
        forbidden = await applications.zone_forbidden(session, ctx, body.appId, zone_id)
        if zone is not None and not forbidden and zone_status(zone) is Status.AVAILABLE:
            zones.append(zone)
    if not zones:
        raise Unprocessable(
            f"application {body.appId!r} is not available on any zone of this operator platform",
            cause="NO_CANDIDATE_ZONE",
        )
    filters = body.edgeDiscoveryFilters
    if filters is not None and filters.location is not None:
        here = client_position(filters.location, cells)
        zones.sort(key=lambda z: (haversine_km(here, (z.latitude, z.longitude)), z.zone_id))
    else:
        zones.sort(key=lambda z: z.zone_id)
    instances = await InstanceRepository(session).list_for_app(ctx, body.appId)
    ready = {i.zone_id: i for i in instances if i.state == InstanceState.READY and i.access_points}
    interfaces = await external_interfaces(session, app)
    port = interfaces[0][1] if interfaces else DEFAULT_PORT
    nodes = []
    for zone in zones:
        inst = ready.get(zone.zone_id)
        if inst is not None:
            endpoint = ServiceEndpoint.model_validate(inst.access_points[0]["accessPoints"])
        else:
            endpoint = ServiceEndpoint(
                port=port, fqdn=hostname(body.appId, zone.zone_id, operator_id)
            )
        nodes.append(DiscoveredEdgeNode(zoneId=zone.zone_id, latencyServiceEndPoints=endpoint))
    return nodes
