"""SBI wire models: what the MEO sends the OP's SBI-CR, and what the NEF sends its SBI-NR.

SBI-CR bodies are ETSI GS MEC 010-2 (``CreateAppPkg``, ``AppPkgNotification``) plus the OP's own
answers for a forwarded onboarding. SBI-NR bodies are CloudEvents shaped as CAMARA
Quality-On-Demand and Traffic Influence notifications. Errors are RFC 7807 ``ProblemDetails``.
"""

from __future__ import annotations

from enum import StrEnum, auto
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, NonNegativeInt, StringConstraints

from op_platform.models.fields import WireEnum
from op_platform.models.nbi.camara_common import CloudEventId, CloudEventSource
from op_platform.models.problems import InvalidParam

__all__ = [
    "QOS_STATUS_CHANGED",
    "TRAFFIC_INFLUENCE_CHANGE",
    "AppPkgNotification",
    "AppPkgNotificationType",
    "ApplicationType",
    "Checksum",
    "CreateAppPkg",
    "EventQosStatusChanged",
    "EventTrafficInfluenceChanged",
    "ForwardedOnboarding",
    "InvalidParam",
    "LinkType",
    "NotificationLinks",
    "OnboardingOperation",
    "OperationAccepted",
    "PackageState",
    "ProblemDetails",
    "QosStatusChangedData",
    "RemoteResult",
    "SbiModel",
    "TimeStamp",
    "TrafficInfluenceNotification",
    "UpstreamError",
]

QOS_STATUS_CHANGED = "org.camaraproject.quality-on-demand.v1.qos-status-changed"
TRAFFIC_INFLUENCE_CHANGE = "org.camaraproject.traffic-influence.v1.traffic-influence-change"
PATTERN_TARGET_NETWORK = r"^([0-9]{5,6}|[A-Za-z][A-Za-z0-9_.-]{0,63})$"
PATTERN_UUID = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"

NonEmpty = Annotated[str, StringConstraints(min_length=1)]
TargetNetworkId = Annotated[str, StringConstraints(pattern=PATTERN_TARGET_NETWORK, max_length=64)]
Uuid = Annotated[str, StringConstraints(pattern=PATTERN_UUID)]
HttpStatus = Annotated[int, Field(ge=100, le=599)]


class SbiModel(BaseModel):
    """Every SBI body: attributes carry the wire names; unknown fields ignored."""

    model_config = ConfigDict(populate_by_name=True, extra="ignore")

    def wire(self) -> dict[str, Any]:
        """The JSON-ready body: wire names, unset optional fields left out."""
        return self.model_dump(mode="json", by_alias=True, exclude_none=True)


class ApplicationType(StrEnum):
    TRADITIONAL = "traditional"
    CROSS_NETWORK = "cross-network"


class PackageState(WireEnum):
    """Onboarding state at the target network's MEO, or PENDING before the partner answered."""

    PENDING = auto()
    CREATED = auto()
    UPLOADING = auto()
    PROCESSING = auto()
    ONBOARDED = auto()
    FAILED = auto()


class Checksum(SbiModel):
    algorithm: NonEmpty
    hash: NonEmpty


class CreateAppPkg(SbiModel):
    """MEC 010-2 CreateAppPkg: the body on every hop of the onboarding flow."""

    appPkgName: NonEmpty
    appPkgVersion: NonEmpty
    appProvider: NonEmpty
    appPkgPath: NonEmpty
    checksum: Checksum
    userDefinedData: dict[str, Any] | None = None


class RemoteResult(SbiModel):
    """What the partner answered; other fields the partner sent are kept."""

    model_config = ConfigDict(populate_by_name=True, extra="allow")

    mode: Literal["variant", "standard"]
    status: HttpStatus
    appPkgId: str | None = None
    appId: str | None = None
    onboardingState: str | None = None
    operationalState: Literal["ENABLED", "DISABLED"] | None = None


class OnboardingOperation(SbiModel):
    """What every forwardAppPackage answer names: the operation, its target and its kind."""

    operationId: Uuid
    targetNetworkId: TargetNetworkId
    applicationType: ApplicationType


class ForwardedOnboarding(OnboardingOperation):
    """forwardAppPackage answer (201): the partner accepted synchronously."""

    federationContextId: NonEmpty
    partnerId: NonEmpty
    state: PackageState
    remote: RemoteResult


class OperationAccepted(OnboardingOperation):
    """forwardAppPackage answer (202): the remote leg is pending; ``href`` is the operation."""

    federationContextId: str | None = None
    partnerId: str | None = None
    state: PackageState = PackageState.PENDING
    href: NonEmpty


class TimeStamp(SbiModel):
    seconds: NonNegativeInt
    nanoSeconds: Annotated[int, Field(ge=0, le=999_999_999)]


class LinkType(SbiModel):
    href: NonEmpty


class NotificationLinks(SbiModel):
    subscription: LinkType


class AppPkgNotificationType(StrEnum):
    """MEC 010-2 v3 spelling."""

    ON_BOARDED = "AppPackageOnBoarded"
    ENABLED = "AppPackageEnabled"
    DISABLED = "AppPackageDisabled"
    DELETED = "AppPackageDeleted"


class AppPkgNotification(SbiModel):
    """MEC 010-2 AppPkgNotification, as the MEO posts it to ``/sbi-cr/v1/notifications``."""

    id: NonEmpty
    notificationType: AppPkgNotificationType
    subscriptionId: NonEmpty
    timeStamp: TimeStamp
    appPkgId: NonEmpty
    appDId: NonEmpty
    operationalState: Literal["ENABLED", "DISABLED"]
    links: NotificationLinks = Field(alias="_links")


class UpstreamError(SbiModel):
    """A partner's error answer carried back unchanged."""

    partnerId: str | None = None
    status: HttpStatus
    problem: dict[str, Any] | None = None


class ProblemDetails(SbiModel):
    """RFC 7807 problem with this OP's ``cause``, ``invalidParams`` and ``upstream``."""

    type: str = "about:blank"
    title: str
    status: HttpStatus
    detail: str | None = None
    instance: str | None = None
    cause: str | None = None
    invalidParams: list[InvalidParam] | None = None
    upstream: UpstreamError | None = None


class _CloudEvent(SbiModel):
    id: CloudEventId
    source: CloudEventSource
    specversion: Literal["1.0"] = "1.0"
    datacontenttype: Literal["application/json"] | None = "application/json"
    time: AwareDatetime


class QosStatusChangedData(SbiModel):
    sessionId: Uuid
    qosStatus: Literal["AVAILABLE", "UNAVAILABLE"]
    statusInfo: Literal["DURATION_EXPIRED", "NETWORK_TERMINATED", "DELETE_REQUESTED"] | None = None


class EventQosStatusChanged(_CloudEvent):
    """CAMARA QoD ``qos-status-changed`` CloudEvent (``POST /sbi-nr/v1/notifications/qos``)."""

    type: Literal["org.camaraproject.quality-on-demand.v1.qos-status-changed"] = (
        "org.camaraproject.quality-on-demand.v1.qos-status-changed"
    )
    data: QosStatusChangedData


TrafficInfluenceState = Literal[
    "ordered", "created", "active", "error", "deletion in progress", "deleted"
]


class TrafficInfluenceNotification(SbiModel):
    """CAMARA Traffic Influence notification data; other resource fields are kept."""

    model_config = ConfigDict(populate_by_name=True, extra="allow")

    trafficInfluenceID: NonEmpty
    apiConsumerId: str | None = None
    appId: Uuid | None = None
    appInstanceId: Uuid | None = None
    edgeCloudRegion: Annotated[str, StringConstraints(max_length=64)] | None = None
    edgeCloudZoneId: Uuid | None = None
    state: TrafficInfluenceState
    selected_appInstanceId: list[Uuid] | None = None
    deviceResponse: dict[str, Any] | None = None


class EventTrafficInfluenceChanged(_CloudEvent):
    """CAMARA ``traffic-influence-change`` CloudEvent (``.../notifications/traffic-influence``)."""

    type: Literal["org.camaraproject.traffic-influence.v1.traffic-influence-change"] = (
        "org.camaraproject.traffic-influence.v1.traffic-influence-change"
    )
    data: TrafficInfluenceNotification
