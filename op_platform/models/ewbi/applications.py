"""Application onboarding bodies: OnboardApplication, UpdateApplication, ViewApplication,
OnboardExistingAppNewZones and LockUnlockApplicationZone."""

from __future__ import annotations

from typing import Annotated, Any, Self

from pydantic import (
    AliasChoices,
    Field,
    RootModel,
    StringConstraints,
    field_validator,
    model_validator,
)

from .base import EwbiModel, require_any
from .enums import AppCategory, LatencyConstraints, MultiUserClients
from .ids import (
    PATTERN_ACCESS_TOKEN,
    AppIdentifier,
    AppProviderId,
    ArtefactId,
    CountryCode,
    Label64,
    Name32,
    Uri,
    Version,
    ZoneIdentifier,
)

# Corrected spellings some implementations send; the wire value stays the GSMA one.
_CATEGORY_SPELLINGS = {"SURVEILLANCE": "SURVELIANCE", "INDUSTRIAL": "IDUSTRIAL"}


class AppMetaData(EwbiModel):
    appName: Name32
    version: Version
    appDescription: Annotated[str, StringConstraints(min_length=16, max_length=256)] | None = None
    mobilitySupport: bool | None = None
    accessToken: Annotated[str, StringConstraints(pattern=PATTERN_ACCESS_TOKEN)] = Field(repr=False)
    category: AppCategory | None = None

    @field_validator("category", mode="before")
    @classmethod
    def _category_spelling(cls, value: Any) -> Any:
        return _CATEGORY_SPELLINGS.get(value, value) if isinstance(value, str) else value


class AppQoSProfile(EwbiModel):
    latencyConstraints: LatencyConstraints
    bandwidthRequired: Annotated[int, Field(ge=1)] | None = None
    multiUserClients: MultiUserClients | None = None
    noOfUsersPerAppInst: int | None = None
    appProvisioning: bool | None = None


class AppComponentSpec(EwbiModel):
    """One entry of ``appComponentSpecs``: a component, its DNS names and its artefact."""

    serviceNameNB: Label64
    serviceNameEW: Label64 | None = None
    componentName: Label64
    artefactId: ArtefactId


AppComponentSpecs = Annotated[list[AppComponentSpec], Field(min_length=1)]


class AppDeploymentZone(EwbiModel):
    countryCode: CountryCode
    zoneInfo: ZoneIdentifier


class OnboardApplicationRequest(EwbiModel):
    """OnboardApplication body (answered 202, then ``onApplicationOnboardStatusEvent``)."""

    appId: AppIdentifier
    appProviderId: AppProviderId
    appDeploymentZones: Annotated[list[AppDeploymentZone], Field(min_length=1)] | None = None
    appMetaData: AppMetaData
    appQoSProfile: AppQoSProfile
    appComponentSpecs: AppComponentSpecs
    appStatusCallbackLink: Uri


class ApplicationInfo(EwbiModel):
    """ViewApplication answer (200)."""

    appId: AppIdentifier
    appProviderId: AppProviderId
    appDeploymentZones: Annotated[list[AppDeploymentZone], Field(min_length=1)]
    appMetaData: AppMetaData
    appQoSProfile: AppQoSProfile
    appComponentSpecs: AppComponentSpecs


QOS_UPDATE_FIELDS = (
    "latencyConstraints",
    "bandwidthRequired",
    "mobilitySupport",
    "multiUserClients",
    "appProvisioning",
)


class AppUpdQoSProfile(EwbiModel):
    """QoS changes: at least one of the fields named in :data:`QOS_UPDATE_FIELDS` is set.

    ``latencyConstraint`` (the name in the GSMA anyOf) is read as ``latencyConstraints``.
    """

    latencyConstraints: LatencyConstraints | None = Field(
        default=None, validation_alias=AliasChoices("latencyConstraints", "latencyConstraint")
    )
    bandwidthRequired: Annotated[int, Field(ge=1)] | None = None
    mobilitySupport: bool | None = None
    multiUserClients: MultiUserClients | None = None
    noOfUsersPerAppInst: int | None = None
    appProvisioning: bool | None = None

    @model_validator(mode="after")
    def _something(self) -> Self:
        require_any(self, QOS_UPDATE_FIELDS, "appUpdQoSProfile")
        return self


class AppComponentSpecUpdate(EwbiModel):
    """A changed component: its name plus at least one of the NB/EW names or the artefact."""

    serviceNameNB: Label64 | None = None
    serviceNameEW: Label64 | None = None
    componentName: Label64
    artefactId: ArtefactId | None = None

    @model_validator(mode="after")
    def _something(self) -> Self:
        require_any(self, ("serviceNameNB", "serviceNameEW", "artefactId"), "appComponentSpecs")
        return self


class UpdateApplicationRequest(EwbiModel):
    """UpdateApplication body (answered 202); at least one of its two fields."""

    appUpdQoSProfile: AppUpdQoSProfile | None = None
    appComponentSpecs: Annotated[list[AppComponentSpecUpdate], Field(min_length=1)] | None = None

    @model_validator(mode="after")
    def _something(self) -> Self:
        require_any(self, ("appUpdQoSProfile", "appComponentSpecs"), "UpdateApplication")
        return self


class AdditionalZonesRequest(RootModel[Annotated[list[ZoneIdentifier], Field(min_length=1)]]):
    """OnboardExistingAppNewZones body: the zones to add."""


class ZoneForbid(EwbiModel):
    """One entry of the LockUnlockApplicationZone body."""

    zoneId: ZoneIdentifier
    forbid: bool


class ZoneForbidRequest(RootModel[Annotated[list[ZoneForbid], Field(min_length=1)]]):
    """LockUnlockApplicationZone body: a list of ``{zoneId, forbid}``."""
