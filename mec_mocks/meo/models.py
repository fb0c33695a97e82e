"""Wire models of the MEO (ETSI GS MEC 010-2 v2.1.1 app_pkgm, v2.2.1/v3 fixes, x- extensions)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import StrEnum
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from mec_mocks.common.package_format import ALGORITHMS, normalize_algorithm


class Wire(BaseModel):
    model_config = ConfigDict(populate_by_name=True, extra="allow")


class OnboardingState(StrEnum):
    CREATED = "CREATED"
    UPLOADING = "UPLOADING"
    PROCESSING = "PROCESSING"
    ONBOARDED = "ONBOARDED"


class OperationalState(StrEnum):
    ENABLED = "ENABLED"
    DISABLED = "DISABLED"


class UsageState(StrEnum):
    IN_USE = "IN_USE"
    NOT_IN_USE = "NOT_IN_USE"


# Notification types: v3 spellings are emitted; v2.1.1 typos are accepted on input.
ONBOARDED = "AppPackageOnBoarded"
ENABLED = "AppPackageEnabled"
DISABLED = "AppPackageDisabled"
DELETED = "AppPackageDeleted"
ONBOARDING_FAILED = "AppPackageOnboardingFailed"  # extension
REMOTE_ONBOARDING = "AppPackageRemoteOnboarding"  # extension
NOTIFICATION_TYPES = (
    ONBOARDED,
    ENABLED,
    DISABLED,
    DELETED,
    ONBOARDING_FAILED,
    REMOTE_ONBOARDING,
    "AppPacakgeEnabled",
    "AppPacakgeDisabled",
)

# Subscription types (v2.1.1, corrected spelling, v3) -> category
SUBSCRIPTION_TYPES = {
    "AppPackageOnBoarding": "onboarding",
    "AppPackageOnBoardingSubscription": "onboarding",
    "AppPacakgeOperationChange": "change",
    "AppPackageOperationChange": "change",
    "AppPackageChangeSubscription": "change",
    "AppPackageDeletion": "deletion",
    "AppPackageDeletionSubscription": "deletion",
}
CATEGORY_OF_NOTIFICATION = {
    ONBOARDED: "onboarding",
    ONBOARDING_FAILED: "onboarding",
    REMOTE_ONBOARDING: "onboarding",
    ENABLED: "change",
    DISABLED: "change",
    DELETED: "deletion",
}

HEX = re.compile(r"^[0-9a-fA-F]+$")


class LinkType(Wire):
    href: str


class Checksum(Wire):
    algorithm: str
    hash: str

    @field_validator("algorithm")
    @classmethod
    def _algorithm(cls, v: str) -> str:
        return normalize_algorithm(v)

    @model_validator(mode="after")
    def _hash(self) -> Checksum:
        size = {"sha256": 64, "sha384": 96, "sha512": 128}[ALGORITHMS[self.algorithm]]
        if len(self.hash) != size or not HEX.match(self.hash):
            raise ValueError(f"hash must be {size} hexadecimal digits for {self.algorithm}")
        self.hash = self.hash.lower()
        return self


class CreateAppPkg(Wire):
    appPkgName: str = Field(min_length=1, max_length=256)
    appPkgPath: str = Field(max_length=4096)
    appPkgVersion: str = Field(min_length=1, max_length=128)
    appProvider: str | None = Field(default=None, max_length=256)
    checksum: Checksum
    userDefinedData: dict[str, Any] | None = None

    @field_validator("appPkgPath")
    @classmethod
    def _path(cls, v: str) -> str:
        if v == "":
            return v  # content will be uploaded with PUT .../package_content
        parts = urlsplit(v)
        if parts.scheme not in ("http", "https", "file"):
            raise ValueError("must be an http, https or file URL (or empty to upload content)")
        if parts.scheme != "file" and not parts.netloc:
            raise ValueError("URL has no host")
        return v


def one_of(values: Iterable[str]) -> AfterValidator:
    """A string that must be one of ``values`` (the 400 lists them)."""
    allowed = tuple(values)

    def check(v: str) -> str:
        if v not in allowed:
            raise ValueError("must be one of " + ", ".join(allowed))
        return v

    return AfterValidator(check)


def _also_spelled(data: Any, given: str, wanted: str) -> Any:
    """``data`` with member ``wanted`` copied from ``given`` when only that spelling is there."""
    if isinstance(data, dict) and wanted not in data and given in data:
        return {**data, wanted: data[given]}
    return data


class AppPkgInfoModifications(Wire):
    operationState: OperationalState

    @model_validator(mode="before")
    @classmethod
    def _v3_name(cls, data: Any) -> Any:
        return _also_spelled(data, "operationalState", "operationState")


class AppPkgInfoLinks(Wire):
    self_: LinkType = Field(alias="self")
    appD: LinkType
    appPkgContent: LinkType


class AppPkgInfo(Wire):
    id: str
    appDId: str | None = None
    appProvider: str | None = None
    appName: str
    appSoftwareVersion: str
    appDVersion: str | None = None
    checksum: Checksum
    softwareImages: list[dict[str, Any]] = Field(default_factory=list)
    additionalArtifacts: list[dict[str, Any]] = Field(default_factory=list)
    onboardingState: OnboardingState
    operationalState: OperationalState
    usageState: UsageState
    onboardingFailureDetails: dict[str, Any] | None = None
    userDefinedData: dict[str, Any] | None = None
    x_network_id: str | None = Field(default=None, alias="x-networkId")
    x_application_type: str | None = Field(default=None, alias="x-applicationType")
    x_target_network_id: str | None = Field(default=None, alias="x-targetNetworkId")
    x_remote: list[dict[str, Any]] | None = Field(default=None, alias="x-remoteOnboarding")
    links: AppPkgInfoLinks = Field(alias="_links")


class AppPkgSubscription(Wire):
    callbackUri: str = Field(min_length=1, max_length=4096)
    subscriptionType: Annotated[str, one_of(SUBSCRIPTION_TYPES)] = Field(
        validation_alias="subsctiptionType"
    )
    appPkgFilter: list[str | dict[str, Any]] | None = None

    @model_validator(mode="before")
    @classmethod
    def _spellings(cls, data: Any) -> Any:
        return _also_spelled(data, "subscriptionType", "subsctiptionType")

    @field_validator("appPkgFilter", mode="before")
    @classmethod
    def _filter_given(cls, v: Any) -> Any:
        if v is None:
            raise ValueError("must be an array when given (null is not allowed)")
        return v

    @field_validator("callbackUri")
    @classmethod
    def _callback(cls, v: str) -> str:
        parts = urlsplit(v)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError("must be an absolute http or https URL")
        return v


class AppPkgSubscriptionInfo(Wire):
    id: str
    subscriptionType: str
    callbackUri: str
    appPkgFilter: list[str | dict[str, Any]] | None = None
    links: dict[str, LinkType] = Field(alias="_links")


class TimeStamp(Wire):
    seconds: int = Field(ge=0)
    nanoSeconds: int = Field(ge=0, lt=1_000_000_000)


class AppPkgNotification(Wire):
    id: str = Field(min_length=1)
    notificationType: Annotated[str, one_of(NOTIFICATION_TYPES)]
    subscriptionId: str
    timeStamp: TimeStamp
    appPkgId: str = Field(min_length=1)
    appDId: str
    operationalState: OperationalState
    links: dict[str, LinkType] = Field(alias="_links")

    @field_validator("links")
    @classmethod
    def _links(cls, v: dict[str, LinkType]) -> dict[str, LinkType]:
        if "subscription" not in v:
            raise ValueError("_links.subscription is required")
        return v


class RemoteOnboardingReport(Wire):
    """Extension accepted at /user_defined_notification: the OP reports a remote outcome."""

    appPkgId: str = Field(min_length=1)
    remoteNetworkId: str = Field(min_length=1)
    remoteState: Literal["ONBOARDED", "FAILED"]
    detail: str | None = None
    remoteAppPkgId: str | None = None
