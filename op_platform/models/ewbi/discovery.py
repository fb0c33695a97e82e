"""Edge node sharing (GetCandidateZones) bodies. Roaming device authentication has no body."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, RootModel

from op_platform.models.fields import NonEmptyList

from .base import EwbiModel, needs_any
from .common import ServiceEndpoint
from .enums import Carrier
from .ids import AppIdentifier, AppProviderId, ClientGeoLocation, ZoneIdentifier

PlmnCode = Annotated[int, Field(ge=1, le=999)]


class RadLocation(EwbiModel):
    """The serving cell of the client."""

    carrier: Carrier
    mcc: PlmnCode
    mnc: PlmnCode
    cellId: int
    areaCode: int | None = None


class ClientLocation(EwbiModel):
    """Where the client is: ``"lat,long"`` and/or its serving cells."""

    geo_location: ClientGeoLocation | None = None
    rad_location: list[RadLocation] | None = None

    one_of = (needs_any(("geo_location", "rad_location"), "location"),)


class EdgeDiscoveryFilters(EwbiModel):
    location: ClientLocation | None = None

    one_of = (needs_any(("location",), "edgeDiscoveryFilters"),)


class CandidateZonesRequest(EwbiModel):
    """GetCandidateZones body."""

    appProviderId: AppProviderId
    appId: AppIdentifier
    edgeDiscoveryFilters: EdgeDiscoveryFilters | None = None


class DiscoveredEdgeNode(EwbiModel):
    zoneId: ZoneIdentifier
    latencyServiceEndPoints: ServiceEndpoint


class DiscoveredEdgeNodes(RootModel[NonEmptyList[DiscoveredEdgeNode]]):
    """GetCandidateZones answer (200), best zone first."""
