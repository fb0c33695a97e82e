"""Application onboarding bodies: OnboardApplication, UpdateApplication, ViewApplication,
OnboardExistingAppNewZones and LockUnlockApplicationZone."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import (
    AliasChoices,
    Field,
    RootModel,
    StringConstraints,
    field_validator,
)

from op_platform.models.fields import NonEmptyList

from .base import EwbiModel, needs_any
from .enums import AppCategory, LatencyConstraints, MultiUserClients
from .ids import (
    AccessToken,
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
    accessToken: AccessToken = Field(repr=False)
    category: AppCategory | None = None

    @field_validator("category", mode="before")
    @classmethod
    def _category_spelling(cls, value: Any) -> Any:
        return _CATEGORY_SPELLINGS.get(value, value) if isinstance(value, str) else value


class QoSFields(EwbiModel):
    """The QoS members of an onboarding and of its update; each of the two says whether
    ``latencyConstraints`` is required."""

    latencyConstraints: LatencyConstraints | None = None
    bandwidthRequired: Annotated[int, Field(ge=1)] | None = None
    multiUserClients: MultiUserClients | None = None
    noOfUsersPerAppInst: int | None = None
    appProvisioning: bool | None = None


class AppQoSProfile(QoSFields):
    latencyConstraints: LatencyConstraints


class AppComponentSpec(EwbiModel):
    """One entry of ``appComponentSpecs``: a component, its DNS names and its artefact."""

    serviceNameNB: Label64
    serviceNameEW: Label64 | None = None
    componentName: Label64
    artefactId: ArtefactId


AppComponentSpecs = NonEmptyList[AppComponentSpec]


class AppDeploymentZone(EwbiModel):
    countryCode: CountryCode
    zoneInfo: ZoneIdentifier


class OnboardApplicationRequest(EwbiModel):
    """OnboardApplication body (answered 202, then ``onApplicationOnboardStatusEvent``)."""

    appId: AppIdentifier
    appProviderId: AppProviderId
    appDeploymentZones: NonEmptyList[AppDeploymentZone] | None = None
    appMetaData: AppMetaData
    appQoSProfile: AppQoSProfile
    appComponentSpecs: AppComponentSpecs
    appStatusCallbackLink: Uri


class ApplicationInfo(EwbiModel):
    """ViewApplication answer (200)."""

    appId: AppIdentifier
    appProviderId: AppProviderId
    appDeploymentZones: NonEmptyList[AppDeploymentZone]
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


class AppUpdQoSProfile(QoSFields):
    """QoS changes: at least one of the fields named in :data:`QOS_UPDATE_FIELDS` is set.

    ``latencyConstraint`` (the name in the GSMA anyOf) is read as ``latencyConstraints``.
    """

    latencyConstraints: LatencyConstraints | None = Field(
        default=None, validation_alias=AliasChoices("latencyConstraints", "latencyConstraint")
    )
    mobilitySupport: bool | None = None

    one_of = (needs_any(QOS_UPDATE_FIELDS, "appUpdQoSProfile"),)


class AppComponentSpecUpdate(EwbiModel):
    """A changed component: its name plus at least one of the NB/EW names or the artefact."""

    serviceNameNB: Label64 | None = None
    serviceNameEW: Label64 | None = None
    componentName: Label64
    artefactId: ArtefactId | None = None

    one_of = (needs_any(("serviceNameNB", "serviceNameEW", "artefactId"), "appComponentSpecs"),)


class UpdateApplicationRequest(EwbiModel):
    """UpdateApplication body (answered 202); at least one of its two fields."""

    appUpdQoSProfile: AppUpdQoSProfile | None = None
    appComponentSpecs: NonEmptyList[AppComponentSpecUpdate] | None = None

    one_of = (needs_any(("appUpdQoSProfile", "appComponentSpecs"), "UpdateApplication"),)


class AdditionalZonesRequest(RootModel[NonEmptyList[ZoneIdentifier]]):
    """OnboardExistingAppNewZones body: the zones to add."""


class ZoneForbid(EwbiModel):
    """One entry of the LockUnlockApplicationZone body."""

    zoneId: ZoneIdentifier
    forbid: bool


class ZoneForbidRequest(RootModel[NonEmptyList[ZoneForbid]]):
    """LockUnlockApplicationZone body: a list of ``{zoneId, forbid}``."""
