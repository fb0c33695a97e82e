"""Edge node sharing (GetCandidateZones) bodies. Roaming device authentication has no body."""

from __future__ import annotations

from typing import Annotated, Self

from pydantic import Field, RootModel, StringConstraints, model_validator

from .base import EwbiModel, require_any
from .common import ServiceEndpoint
from .enums import Carrier
from .ids import PATTERN_CLIENT_GEOLOCATION, AppIdentifier, AppProviderId, ZoneIdentifier

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

    geo_location: Annotated[str, StringConstraints(pattern=PATTERN_CLIENT_GEOLOCATION)] | None = (
        None
    )
    rad_location: list[RadLocation] | None = None

    @model_validator(mode="after")
    def _not_empty(self) -> Self:
        require_any(self, ("geo_location", "rad_location"), "location")
        return self


class EdgeDiscoveryFilters(EwbiModel):
    location: ClientLocation | None = None

    @model_validator(mode="after")
    def _not_empty(self) -> Self:
        require_any(self, ("location",), "edgeDiscoveryFilters")
        return self


class CandidateZonesRequest(EwbiModel):
    """GetCandidateZones body."""

    appProviderId: AppProviderId
    appId: AppIdentifier
    edgeDiscoveryFilters: EdgeDiscoveryFilters | None = None


class DiscoveredEdgeNode(EwbiModel):
    zoneId: ZoneIdentifier
    latencyServiceEndPoints: ServiceEndpoint


class DiscoveredEdgeNodes(RootModel[Annotated[list[DiscoveredEdgeNode], Field(min_length=1)]]):
    """GetCandidateZones answer (200), best zone first."""
