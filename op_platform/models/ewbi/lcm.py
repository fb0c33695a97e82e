"""Application instance lifecycle bodies: InstallApp, GetAppInstanceDetails, GetAllAppInstances."""

from __future__ import annotations

from typing import Annotated, Self

from pydantic import Field, RootModel, model_validator

from .base import EwbiModel, require_any
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
    accesspointInfo: Annotated[list[AccessPointInfo], Field(min_length=1)] | None = None

    @model_validator(mode="after")
    def _not_empty(self) -> Self:
        require_any(self, ("appInstanceState", "accesspointInfo"), "appInstanceInfo")
        return self


class AppInstanceState(EwbiModel):
    appInstIdentifier: InstanceIdentifier
    appInstanceState: InstanceState


class ZoneAppInstances(EwbiModel):
    """The instances of one app on one zone."""

    zoneId: ZoneIdentifier
    appInstanceInfo: Annotated[list[AppInstanceState], Field(min_length=1)]


class AllAppInstances(RootModel[Annotated[list[ZoneAppInstances], Field(min_length=1)]]):
    """GetAllAppInstances answer (200)."""
