"""The closest edge cloud zone for a device (CAMARA Simple Edge Discovery).

Candidates are this OP's AVAILABLE zones and the AVAILABLE zones every AVAILABLE federation
partner offered (``partner_federation.offered_zones``, positions from their ``geolocation``).
For a roaming device (its configured ``home_operator`` is a partner) the home partner is asked
through the EWBI edge discovery operation (GetCandidateZones) for the device's position and the
configured ``uni.discovery_app``; the zones it answers replace its offered ones, in its order.
When the home partner cannot be asked or does not answer, its offered zones are kept and a log
line says so. The nearest candidate wins (``services.uni.discovery.rank``). A device the
configuration does not place is placed by the NEF's location report (``services/network``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from op_platform.clients.ewbi import calls
from op_platform.db.federation_repository import PartnerFederationRepository
from op_platform.db.tables import PartnerFederationRow
from op_platform.db.zone_repository import ZoneRepository
from op_platform.errors import IdentifierNotFound, NotFound, OpError
from op_platform.models.ewbi.discovery import (
    CandidateZonesRequest,
    ClientLocation,
    EdgeDiscoveryFilters,
)
from op_platform.models.uni import Device
from op_platform.services.deps import Deps
from op_platform.services.discovery.device_location import Located, locate
from op_platform.services.discovery.edge_discovery import (
    Candidate,
    Position,
    Ranked,
    parse_geolocation,
    rank,
)
from op_platform.services.network.device_locator import locate_with_nef

log = logging.getLogger(__name__)

AVAILABLE = "AVAILABLE"


@dataclass(frozen=True)
class ClosestZone:
    zone: Ranked
    used: dict[str, Any]  # the device identifier used


async def local_candidates(session: AsyncSession, operator_id: str) -> list[Candidate]:
    return [
        Candidate(
            z.zone_id, operator_id, (z.latitude, z.longitude), name=z.geography_details or None
        )
        for z in await ZoneRepository(session).list()
        if z.status == AVAILABLE
    ]


async def partner_records(session: AsyncSession) -> list[PartnerFederationRow]:
    return [r for r in await PartnerFederationRepository(session).list() if r.status == AVAILABLE]


def offered_candidates(row: PartnerFederationRow) -> list[Candidate]:
    return [
        Candidate(
            str(z["zoneId"]),
            row.partner_id,
            parse_geolocation(z.get("geolocation")),
            name=str(z["geographyDetails"]) if z.get("geographyDetails") else None,
        )
        for z in row.offered_zones
        if z.get("status", AVAILABLE) == AVAILABLE and z.get("zoneId")
    ]


def geo_location(position: Position) -> str:
    return f"{position[0]:.6f},{position[1]:.6f}"


async def ask_home_partner(
    deps: Deps, row: PartnerFederationRow, position: Position
) -> list[Candidate] | None:
    """The home partner's candidate zones, best first; None when not asked or not answered."""
    app = deps.settings.uni.discovery_app
    if app is None:
        log.info(
            "home partner not asked for candidate zones: no uni.discovery_app configured",
            extra={"partner": row.partner_id},
        )
        return None
    body = CandidateZonesRequest(
        appProviderId=app.app_provider_id,
        appId=app.app_id,
        edgeDiscoveryFilters=EdgeDiscoveryFilters(
            location=ClientLocation(geo_location=geo_location(position))
        ),
    )
    try:
        client = deps.partner_client(row.partner_id)
        nodes = await client.send(calls.get_candidate_zones(row.federation_context_id, body))
    except OpError as exc:
        log.warning(
            "home partner edge discovery failed; falling back to local and offered zones",
            extra={"partner": row.partner_id, "error": exc.code, "cause": exc.cause},
        )
        return None
    offered = {c.zone_id: c for c in offered_candidates(row)}
    known = {str(z.get("zoneId")) for z in row.offered_zones}
    answer = []
    for index, node in enumerate(nodes.root):
        if node.zoneId in known and node.zoneId not in offered:
            continue  # offered, but unavailable now
        place = offered[node.zoneId].position if node.zoneId in offered else None
        name = offered[node.zoneId].name if node.zoneId in offered else None
        answer.append(Candidate(node.zoneId, row.partner_id, place, hint=index, name=name))
    log.info(
        "home partner answered candidate zones",
        extra={"partner": row.partner_id, "zones": len(answer)},
    )
    return answer


async def candidates_for(deps: Deps, located: Located) -> list[Candidate]:
    settings = deps.settings
    async with deps.database.transaction() as session:
        candidates = await local_candidates(session, settings.operator_id)
        records = await partner_records(session)
    home = located.device.home_operator
    for row in records:
        answer = None
        if home is not None and row.partner_id == home:
            answer = await ask_home_partner(deps, row, located.position)
        candidates.extend(offered_candidates(row) if answer is None else answer)
    if (
        home is not None
        and home != settings.operator_id
        and not any(r.partner_id == home for r in records)
    ):
        log.warning(
            "roaming device's home operator is not an available partner; local and offered zones",
            extra={"partner": home},
        )
    return candidates


async def locate_device(deps: Deps, device: Device | None) -> Located:
    """The device placed by the configuration, else by the NEF (see services/network)."""
    settings = deps.settings
    located = locate(device, settings.devices, settings.cells, settings.uni.identifiers)
    if located is None:
        located = await locate_with_nef(deps, device)
    if located is None:
        raise IdentifierNotFound("Device identifier not found.", cause="IDENTIFIER_NOT_FOUND")
    return located


async def closest_zone(deps: Deps, device: Device | None) -> ClosestZone:
    """The zone nearest to the device; 422/404 per the identifier rules, 404 when no zone."""
    located = await locate_device(deps, device)
    ranked = rank(located.position, await candidates_for(deps, located))
    if not ranked:
        raise NotFound("No edge cloud zone is available for the device.", cause="NO_ZONE")
    return ClosestZone(ranked[0], located.used)
