"""Zone synchronisation bodies: ZoneSubscribe and GetZoneData."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from .base import EwbiModel
from .common import ComputeResourceInfo, Flavour
from .ids import Uri, ZoneIdentifier


class NetworkResources(EwbiModel):
    egressBandWidth: int
    dedicatedNIC: int
    supportSriov: bool
    supportDPDK: bool


class ZoneRegisteredData(EwbiModel):
    """Resources the partner reserved on one zone for the originating OP (GetZoneData)."""

    zoneId: ZoneIdentifier
    reservedComputeResources: Annotated[list[ComputeResourceInfo], Field(min_length=1)]
    computeResourceQuotaLimits: Annotated[list[ComputeResourceInfo], Field(min_length=1)]
    flavoursSupported: Annotated[list[Flavour], Field(min_length=1)]
    networkResources: NetworkResources | None = None


class ZoneRegistrationRequestData(EwbiModel):
    """ZoneSubscribe body."""

    acceptedAvailabilityZones: Annotated[list[ZoneIdentifier], Field(min_length=1)]
    availZoneNotifLink: Uri


class ZoneRegistrationResponseData(EwbiModel):
    """ZoneSubscribe answer (200)."""

    acceptedZoneResourceInfo: Annotated[list[ZoneRegisteredData], Field(min_length=1)]
