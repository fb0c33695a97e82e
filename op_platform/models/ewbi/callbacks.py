"""Bodies of the five EWBI callbacks (partner OP -> originating OP).

Every body may carry ``federationContextId`` (optional here, as in the GSMA file; the partner
fills it in so the receiver knows which federation the event is about).
"""

from __future__ import annotations

from pydantic import AliasChoices, Field

from op_platform.models.fields import NonEmptyList
from op_platform.models.validation import DateTimeText

from .base import EwbiModel, needs_any
from .common import (
    ComputeResourceInfo,
    FixedNetworkIds,
    MobileNetworkIds,
    ServiceEndpoint,
    ZoneDetails,
)
from .enums import OnboardStatus, PartnerStatusObjectType, PartnerStatusOperationType, Status
from .ids import (
    AppIdentifier,
    AppProviderId,
    FederationContextId,
    FlavourId,
    InstanceIdentifier,
    PoolId,
    ZoneIdentifier,
)
from .lcm import AppInstanceDetails


class CallbackBody(EwbiModel):
    """What every callback body may carry: the federation the event is about."""

    federationContextId: FederationContextId | None = None


class ZoneStatus(EwbiModel):
    zoneId: ZoneIdentifier
    status: Status


class PartnerStatusEvent(CallbackBody):
    """``onPartnerStatusEvent``: a change of federation status, zones, endpoints or codes."""

    objectType: PartnerStatusObjectType
    operationType: PartnerStatusOperationType
    edgeDiscoverySvcEndPoint: ServiceEndpoint | None = None
    lcmSvcEndPoint: ServiceEndpoint | None = None
    addMobileNetworkIds: MobileNetworkIds | None = None
    removeMobileNetworkIds: MobileNetworkIds | None = None
    addFixedNetworkIds: FixedNetworkIds | None = None
    removeFixedNetworkIds: FixedNetworkIds | None = None
    addZones: NonEmptyList[ZoneDetails] | None = None
    removeZones: NonEmptyList[ZoneIdentifier] | None = None
    zoneStatus: NonEmptyList[ZoneStatus] | None = None
    federationStatus: Status | None = None
    modificationDate: DateTimeText


class AvailableNetResources(EwbiModel):
    egressBandWidth: int | None = None
    dedicatedNIC: int | None = None
    supportSriov: bool | None = None
    supportDPDK: bool | None = None

    one_of = (
        needs_any(
            ("egressBandWidth", "dedicatedNIC", "supportSriov", "supportDPDK"),
            "availableNetResources",
        ),
    )


class ZoneResUpdInfo(EwbiModel):
    availableCompResources: NonEmptyList[ComputeResourceInfo] | None = None
    availableNetResources: AvailableNetResources | None = None

    one_of = (needs_any(("availableCompResources", "availableNetResources"), "zoneResUpdInfo"),)


class ZoneResourceUpdateEvent(CallbackBody):
    """``onZoneResourceUpdateEvent``: new resource figures of a subscribed zone (answered 200)."""

    zoneId: ZoneIdentifier | None = None
    zoneResUpdInfo: list[ZoneResUpdInfo]


class OnboardStatusInfo(EwbiModel):
    zoneId: ZoneIdentifier
    onboardStatusInfo: OnboardStatus


class ApplicationOnboardStatusEvent(CallbackBody):
    """``onApplicationOnboardStatusEvent``: per-zone onboarding state of an application."""

    appId: AppIdentifier
    statusInfo: NonEmptyList[OnboardStatusInfo]
    detail: str | None = Field(default=None, alias="x-detail")
    """Extension: why onboarding failed, when it did (a partner may leave it out)."""


class InstanceStatusEvent(CallbackBody):
    """``onInstanceStatusEvent``: the state (and access points) of an instance.

    ``appInstanceId`` is read as ``appInstIdentifier``.
    """

    appId: AppIdentifier
    appInstIdentifier: InstanceIdentifier = Field(
        validation_alias=AliasChoices("appInstIdentifier", "appInstanceId")
    )
    zoneId: ZoneIdentifier
    appInstanceInfo: AppInstanceDetails
    modificationDate: DateTimeText | None = None


class GrantedFlavour(EwbiModel):
    flavourId: FlavourId
    numFlavour: int


class ResourceStatusChangeEvent(CallbackBody):
    """``onResourceStatusChangeEvent``: what a resource pool was granted."""

    appProviderId: AppProviderId
    zoneId: ZoneIdentifier
    poolId: PoolId
    grantedFlavours: NonEmptyList[GrantedFlavour]
