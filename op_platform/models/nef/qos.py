"""TS 29.122 AS Session with QoS bodies: QoS on demand for one UE, and its user plane events."""

from __future__ import annotations

from enum import auto

from pydantic import Field, model_validator

from op_platform.models.fields import NonEmptyList, WireEnum
from op_platform.models.nef.nef_common import (
    AccumulatedUsage,
    EthFlowDescription,
    FlowInfo,
    Ipv4Addr,
    MacAddr48,
    NefModel,
    NefResource,
    Snssai,
    Uinteger,
    UsageThreshold,
)


class UserPlaneEvent(WireEnum):
    """The events this OP subscribes to or receives (the file has more)."""

    SESSION_TERMINATION = auto()
    USAGE_REPORT = auto()
    QOS_GUARANTEED = auto()
    QOS_NOT_GUARANTEED = auto()
    SUCCESSFUL_RESOURCES_ALLOCATION = auto()
    FAILED_RESOURCES_ALLOCATION = auto()


class AsSessionWithQoSSubscription(NefResource):
    """A QoS session: the UE by ``ue_ipv4_addr``, ``ue_ipv6_addr`` or ``mac_addr`` (or ``gpsi``
    alone), its flows, a pre-defined ``qos_reference`` and where to send events."""

    supported_features: str | None = None
    dnn: str | None = None
    snssai: Snssai | None = None
    notification_destination: str
    exter_app_id: str | None = None
    gpsi: str | None = None
    flow_info: NonEmptyList[FlowInfo] | None = None
    eth_flow_info: NonEmptyList[EthFlowDescription] | None = None
    qos_reference: str | None = None
    alt_qos_references: NonEmptyList[str] | None = Field(default=None, alias="altQoSReferences")
    ue_ipv4_addr: Ipv4Addr | None = None
    ue_ipv6_addr: str | None = None
    mac_addr: MacAddr48 | None = None
    usage_threshold: UsageThreshold | None = None
    qos_duration: Uinteger | None = None
    qos_inact_int: Uinteger | None = None
    request_test_notification: bool | None = None
    events: NonEmptyList[str] | None = None

    @model_validator(mode="after")
    def _ue(self) -> AsSessionWithQoSSubscription:
        addresses = [self.ue_ipv4_addr, self.ue_ipv6_addr, self.mac_addr]
        given = sum(a is not None for a in addresses)
        if given > 1 or (given == 0 and self.gpsi is None):
            raise ValueError("exactly one of ueIpv4Addr, ueIpv6Addr, macAddr (or gpsi) is required")
        return self


class AsSessionWithQoSSubscriptionPatch(NefModel):
    """The members a PATCH (JSON merge patch) may change (those this OP uses)."""

    flow_info: NonEmptyList[FlowInfo] | None = None
    qos_reference: str | None = None
    usage_threshold: UsageThreshold | None = None
    notification_destination: str | None = None
    events: NonEmptyList[str] | None = None
    qos_duration: Uinteger | None = None


class UserPlaneEventReport(NefModel):
    event: str
    accumulated_usage: AccumulatedUsage | None = None
    flow_ids: list[int] | None = None
    applied_qos_ref: str | None = None


class UserPlaneNotificationData(NefModel):
    """Events of one session; ``transaction`` is the session's URI."""

    transaction: str
    event_reports: NonEmptyList[UserPlaneEventReport]
