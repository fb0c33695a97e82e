"""Application instance lifecycle bodies: InstallApp, GetAppInstanceDetails, GetAllAppInstances."""

from __future__ import annotations

from pydantic import RootModel

from op_platform.models.fields import NonEmptyList

from .base import EwbiModel, needs_any
from .common import ServiceEndpoint
from .enums import InstanceState, ResourceConsumption
from .ids import (
    AppIdentifier,
    AppProviderId,
    FlavourId,
    InstanceIdentifier,
    Label32,
    PoolId,
    Uri,
    Version,
    ZoneIdentifier,
)


class InstallZoneInfo(EwbiModel):
    """Where and on what to run the instance."""

    zoneId: ZoneIdentifier
    flavourId: FlavourId
    resourceConsumption: ResourceConsumption | None = None
    resPool: PoolId | None = None


class InstallAppRequest(EwbiModel):
    """InstallApp body (answered 202 with :class:`InstallAppResponse`)."""

    appId: AppIdentifier
    appVersion: Version
    appProviderId: AppProviderId
    zoneInfo: InstallZoneInfo
    appInstCallbackLink: Uri


class InstallAppResponse(EwbiModel):
    zoneId: ZoneIdentifier
    appInstIdentifier: InstanceIdentifier


class AccessPointInfo(EwbiModel):
    interfaceId: Label32
    accessPoints: ServiceEndpoint


class AppInstanceDetails(EwbiModel):
    """GetAppInstanceDetails answer (200); also ``appInstanceInfo`` of the instance callback."""

    appInstanceState: InstanceState | None = None
    accesspointInfo: NonEmptyList[AccessPointInfo] | None = None

    one_of = (needs_any(("appInstanceState", "accesspointInfo"), "appInstanceInfo"),)


class AppInstanceState(EwbiModel):
    appInstIdentifier: InstanceIdentifier
    appInstanceState: InstanceState


class ZoneAppInstances(EwbiModel):
    """The instances of one app on one zone."""

    zoneId: ZoneIdentifier
    appInstanceInfo: NonEmptyList[AppInstanceState]


class AllAppInstances(RootModel[NonEmptyList[ZoneAppInstances]]):
    """GetAllAppInstances answer (200)."""
