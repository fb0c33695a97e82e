"""The onboarding URI variant on the EWBI (an extension, not in GSMA OPG.04):

``POST /{federationContextId}/op_target_systems/{targetNetworkId}``
``/apptype/{applicationType}/app_packages`` (one path, split here for width).

The body is an ETSI MEC 010-2 ``CreateAppPkg``. The answer is 201 with an
:class:`VariantOnboardingResult` when the partner's MEO replied in time, or 202 with an
:class:`VariantOperationAccepted` pointing at the operation that will carry the reply.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import ConfigDict, Field

from .base import EwbiModel
from .ids import FederationIdentifier


class ApplicationType(StrEnum):
    TRADITIONAL = "traditional"
    CROSS_NETWORK = "cross-network"


class OnboardingState(StrEnum):
    """ETSI MEC 010-2 ``OnboardingState``."""

    CREATED = "CREATED"
    UPLOADING = "UPLOADING"
    PROCESSING = "PROCESSING"
    ONBOARDED = "ONBOARDED"
    ERROR = "ERROR"


TargetNetworkId = FederationIdentifier


class Checksum(EwbiModel):
    algorithm: str
    hash: str


class CreateAppPkg(EwbiModel):
    """ETSI MEC 010-2 ``CreateAppPkg``."""

    appPkgName: str
    appPkgVersion: str
    appProvider: str
    appPkgPath: str
    checksum: Checksum
    userDefinedData: dict[str, Any] | None = None


class VariantOnboardingRequest(CreateAppPkg):
    """The variant body between OPs: ``CreateAppPkg`` plus where to report the outcome.

    ``appStatusCallbackLink`` receives ``onApplicationOnboardStatusEvent`` when the package is
    onboarded or fails at the partner's MEO; ``originOperationId`` joins the two OPs' records.
    """

    appStatusCallbackLink: str | None = None
    originOperationId: str | None = None

    def package(self) -> CreateAppPkg:
        return CreateAppPkg.model_validate(
            self.model_dump(exclude={"appStatusCallbackLink", "originOperationId"})
        )


class VariantHop(EwbiModel):
    """One hop the partner side recorded (steps 4-7 of the flow), as its 201 answer lists them
    in ``hops`` (an extra field of :class:`VariantOnboardingResult`), so the originating OP can
    draw the whole flow."""

    model_config = ConfigDict(extra="ignore")

    step: int = Field(ge=1, le=9)
    from_: str = Field(alias="from", min_length=1, max_length=128)
    to: str = Field(min_length=1, max_length=128)
    action: str = Field(max_length=256)
    statusCode: int | None = Field(default=None, ge=100, le=599)
    durationMs: float | None = Field(default=None, ge=0)
    startedAt: str | None = Field(default=None, max_length=40)
    finishedAt: str | None = Field(default=None, max_length=40)
    detail: str | None = Field(default=None, max_length=1024)


class VariantOnboardingResult(EwbiModel):
    """201 answer: the package as the partner side onboarded it. Further fields are kept."""

    model_config = ConfigDict(extra="allow")

    appPkgId: str | None = None
    onboardingState: OnboardingState
    operationId: str


class VariantOperationAccepted(EwbiModel):
    """202 answer: the reply is pending; follow the operation. Further fields are kept."""

    model_config = ConfigDict(extra="allow")

    operationId: str
    state: str | None = None
    href: str | None = None


class VariantPath(EwbiModel):
    """The path parameters of the onboarding variant, below any hop's API root."""

    targetNetworkId: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
    applicationType: ApplicationType
