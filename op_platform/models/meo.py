"""The ETSI MEC 010-2 (app package management, Mm1) bodies the OP exchanges with its MEO.

Only what the OP reads is declared; every other field is kept (``extra="allow"``), so the
same models read packages from any MEO. The MEO's extensions of the onboarding variant
(``x-applicationType``, ``x-targetNetworkId``) are read under their wire names.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StrictInt, field_validator


class MeoModel(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)


Links = Annotated[dict[str, Any], Field(default_factory=dict, alias="_links")]
"""The HAL ``_links`` of a MEC 010-2 body (empty when the MEO sent none)."""


def failure_text(details: dict[str, Any] | str | None) -> str | None:
    """``title: detail`` of MEC failure details (a ProblemDetails, or the text itself)."""
    if isinstance(details, dict):
        parts = [str(details[k]) for k in ("title", "detail") if details.get(k)]
        return ": ".join(parts) or str(details)
    return details


class PackageChecksum(MeoModel):
    algorithm: str = ""
    hash: str = ""


class AppPkgInfo(MeoModel):
    """One package (``AppPkgInfo``), as the MEO answers POST and GET on app_packages."""

    id: str
    appName: str | None = None
    appSoftwareVersion: str | None = None
    appProvider: str | None = None
    checksum: PackageChecksum | None = None
    onboardingState: str | None = None
    onboardingFailureDetails: dict[str, Any] | None = None
    userDefinedData: dict[str, Any] | None = None
    links: Links
    applicationType: str | None = Field(default=None, alias="x-applicationType")
    targetNetworkId: str | None = Field(default=None, alias="x-targetNetworkId")
    # one entry per foreign target network: forwarding (status, lastStatusCode, deliveredAt),
    # remoteState and updatedAt, as the MEO shows them to its OSS
    remoteOnboarding: list[dict[str, Any]] | None = Field(default=None, alias="x-remoteOnboarding")

    def content_link(self) -> str:
        return str((self.links.get("appPkgContent") or {}).get("href") or "")

    def failure(self) -> str | None:
        """``title: detail`` of the failure, when the onboarding failed."""
        return failure_text(self.onboardingFailureDetails or None)


class SubscriptionRequest(MeoModel):
    subscriptionType: str
    callbackUri: str


class SubscriptionInfo(SubscriptionRequest):
    id: str | None = None


class SubscriptionLinks(MeoModel):
    """``GET /subscriptions``: links to each subscription."""

    links: Links

    def hrefs(self) -> list[str]:
        return [str(item["href"]) for item in self.links.get("subscriptions") or []]


class NotificationTimeStamp(MeoModel):
    seconds: StrictInt = Field(ge=0, le=2**63 - 1)
    nanoSeconds: StrictInt = Field(ge=0, le=999_999_999)


class NotificationLink(MeoModel):
    href: str


class AppPkgNotification(MeoModel):
    """A package event from the MEO (``AppPkgNotification``); the failure details ride along
    as ``x-onboardingFailureDetails`` (or ``x-detail``) when the onboarding failed.

    Only ``notificationType`` and ``appPkgId`` are needed (any type is taken; those that do not
    concern a flow are ignored); the other MEC 010-2 members are checked when present, as
    sbi-cr.yaml describes them."""

    notificationType: str = Field(min_length=1)
    appPkgId: str = Field(min_length=1)
    id: str | None = Field(default=None, min_length=1)
    subscriptionId: str | None = Field(default=None, min_length=1)
    timeStamp: NotificationTimeStamp | None = None
    appDId: str | None = None  # empty while the MEO has not read the AppD (a failed onboarding)
    operationalState: str | None = None
    links: dict[str, NotificationLink] | None = Field(default=None, alias="_links")
    failureDetails: dict[str, Any] | str | None = Field(
        default=None, alias="x-onboardingFailureDetails"
    )
    detail: str | None = Field(default=None, alias="x-detail")

    @field_validator(
        "id", "subscriptionId", "timeStamp", "appDId", "operationalState", "links", mode="before"
    )
    @classmethod
    def _not_null(cls, value: Any) -> Any:
        if value is None:
            raise ValueError("must not be null when given")
        return value

    def failure(self) -> str | None:
        return failure_text(self.failureDetails or self.detail)
