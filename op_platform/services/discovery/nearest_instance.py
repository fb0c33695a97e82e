"""The nearest READY instance of a registered client's application (UNI extension).

Instances are this OP's own (``app_instance`` rows READY on an AVAILABLE local zone, and NBI
instances ``ready`` on such a zone, with the endpoints the NBI gives them) and those
partners host for this OP, as their instance callbacks reported them (``partner_reported_state``
kind ``instance``, READY, with access points, on a zone the partner still offers as AVAILABLE).
The device is placed by ``location``, else by ``device``, else by the device given at
registration. The endpoint is the instance's first access point.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from op_platform.db.tables import PartnerReportedStateRow
from op_platform.db.tables.uni_rows import ClientSessionRow
from op_platform.db.uni_repository import UniRepository
from op_platform.db.zone_repository import ZoneRepository
from op_platform.errors import DeviceNotLocated, MissingIdentifier, NotFound
from op_platform.models.uni import Device, Location
from op_platform.services.discovery.device_location import locate
from op_platform.services.discovery.edge_discovery import Candidate, Position, Ranked, rank
from op_platform.services.identifiers import camara_to_ewbi, ewbi_to_camara
from op_platform.services.zones.closest_zone import AVAILABLE, offered_candidates, partner_records
from op_platform.settings import Settings

READY = "READY"


@dataclass(frozen=True)
class Found:
    app_instance_id: str
    app_id: str
    zone_id: str
    provider: str
    access_point: dict[str, Any]  # {"interfaceId": ..., "accessPoints": ServiceEndpoint}
    zone_name: str = ""  # ``edgeCloudZoneName``: the zone's geography details, else its id


@dataclass(frozen=True)
class Nearest:
    instance: Found
    distance_km: float | None


def device_position(
    settings: Settings,
    client: ClientSessionRow,
    location: Location | None,
    device: Device | None,
    located: Position | None = None,
) -> Position:
    """Where the device is: ``location``, else ``device``, else the device registered; a device
    the configuration does not place is where the NEF said (``located``)."""
    if location is not None:
        return location.latitude, location.longitude
    if located is not None:
        return located
    if device is None and client.device is not None:
        device = Device.model_validate(client.device)
    if device is None:
        raise MissingIdentifier(
            "The device cannot be located: send location or device, or register with a device.",
            cause="MISSING_IDENTIFIER",
        )
    configured = locate(device, settings.devices, settings.cells, settings.uni.identifiers)
    if configured is None:
        raise DeviceNotLocated("Device identifier not found.", cause="IDENTIFIER_NOT_FOUND")
    return configured.position


async def available_zones(session: AsyncSession, operator_id: str) -> dict[str, Candidate]:
    """This OP's AVAILABLE zones as candidates, by zone id."""
    return {
        z.zone_id: Candidate(
            z.zone_id, operator_id, (z.latitude, z.longitude), name=z.geography_details or None
        )
        for z in await ZoneRepository(session).list()
        if z.status == AVAILABLE
    }


async def local_instances(
    session: AsyncSession, operator_id: str, app_ids: Sequence[str]
) -> list[tuple[Candidate, Found]]:
    zones = await available_zones(session, operator_id)
    found = []
    for inst in await UniRepository(session).ready_instances(app_ids):
        candidate = zones.get(inst.zone_id)
        if candidate is None or not inst.access_points:
            continue
        found.append(
            (
                candidate,
                Found(
                    inst.app_instance_id,
                    inst.app_id,
                    inst.zone_id,
                    operator_id,
                    inst.access_points[0],
                    candidate.zone_name,
                ),
            )
        )
    return found


async def nbi_local_instances(
    session: AsyncSession, operator_id: str, app_ids: Sequence[str]
) -> list[tuple[Candidate, Found]]:
    """ready NBI instances on AVAILABLE local zones of the client's apps (NBI apps are known to
    the UNI by ``camara_to_ewbi(appId)``; ids are kept in that form until rendered)."""
    camara = {str(ewbi_to_camara(i)): i for i in app_ids}
    camara = {c: i for c, i in camara.items() if camara_to_ewbi(c) == i}
    if not camara:
        return []
    zones = await available_zones(session, operator_id)
    found = []
    for inst in await UniRepository(session).ready_nbi_instances(list(camara)):
        candidate = zones.get(inst.zone_id)
        if candidate is None or not inst.endpoints:
            continue
        instance_id = camara_to_ewbi(inst.instance_id, prefix="inst")
        point = inst.endpoints[0]
        found.append(
            (
                candidate,
                Found(
                    instance_id,
                    camara[inst.app_id],
                    inst.zone_id,
                    operator_id,
                    point,
                    candidate.zone_name,
                ),
            )
        )
    return found


def _access_point(state: PartnerReportedStateRow) -> dict[str, Any] | None:
    info = state.event.get("appInstanceInfo") or {}
    points = info.get("accesspointInfo") or []
    return points[0] if points else None


async def partner_instances(
    session: AsyncSession, app_ids: Sequence[str]
) -> list[tuple[Candidate, Found]]:
    zones = {
        (c.provider, c.zone_id): c
        for row in await partner_records(session)
        for c in offered_candidates(row)
    }
    contexts = {r.federation_context_id for r in await partner_records(session)}
    found = []
    for state in await UniRepository(session).reported("instance"):
        app_id = str(state.event.get("appId", ""))
        point = _access_point(state)
        zone = zones.get((state.partner_id, state.zone_id))
        if (
            state.state != READY
            or app_id not in app_ids
            or point is None
            or zone is None
            or state.federation_context_id not in contexts
        ):
            continue
        found.append(
            (
                zone,
                Found(
                    state.object_id, app_id, state.zone_id, state.partner_id, point, zone.zone_name
                ),
            )
        )
    return found


def pick(here: Position, found: Sequence[tuple[Candidate, Found]]) -> Nearest | None:
    """The instance on the nearest zone (``hint`` keeps candidates of one zone apart)."""
    tagged = {replace(c, hint=index): f for index, (c, f) in enumerate(found)}
    ranked: list[Ranked] = rank(here, tagged)
    if not ranked:
        return None
    best = ranked[0]
    return Nearest(tagged[best.candidate], best.distance_km)


async def nearest_instance(
    session: AsyncSession,
    settings: Settings,
    client: ClientSessionRow,
    location: Location | None,
    device: Device | None,
    located: Position | None = None,
) -> Nearest:
    here = device_position(settings, client, location, device, located)
    found = await local_instances(session, settings.operator_id, client.app_ids)
    found += await nbi_local_instances(session, settings.operator_id, client.app_ids)
    found += await partner_instances(session, client.app_ids)
    nearest = pick(here, found)
    if nearest is None:
        raise NotFound(
            "No ready instance of the application is reachable from this device.",
            cause="NO_READY_INSTANCE",
        )
    return nearest
