"""Zone synchronisation bodies: ZoneSubscribe and GetZoneData."""

from __future__ import annotations

from op_platform.models.fields import NonEmptyList

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
    reservedComputeResources: NonEmptyList[ComputeResourceInfo]
    computeResourceQuotaLimits: NonEmptyList[ComputeResourceInfo]
    flavoursSupported: NonEmptyList[Flavour]
    networkResources: NetworkResources | None = None


class ZoneRegistrationRequestData(EwbiModel):
    """ZoneSubscribe body."""

    acceptedAvailabilityZones: NonEmptyList[ZoneIdentifier]
    availZoneNotifLink: Uri


class ZoneRegistrationResponseData(EwbiModel):
    """ZoneSubscribe answer (200)."""

    acceptedZoneResourceInfo: NonEmptyList[ZoneRegisteredData]
