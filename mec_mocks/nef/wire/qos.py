"""TS 29.122 AS Session with QoS bodies: ``AsSessionWithQoSSubscription`` and its patch."""

from __future__ import annotations

from typing import Any

from mec_mocks.nef.wire.common import (
    Closed,
    DurationSec,
    EthFlowDescription,
    FlowInfo,
    Gpsi,
    Ipv4Addr,
    Ipv6Addr,
    Link,
    MacAddr48,
    NonEmpty,
    Open,
    Snssai,
    SupportedFeatures,
    UsageThreshold,
)

SESSION_TERMINATION = "SESSION_TERMINATION"
QOS_GUARANTEED = "QOS_GUARANTEED"
QOS_NOT_GUARANTEED = "QOS_NOT_GUARANTEED"
SUCCESSFUL_RESOURCES_ALLOCATION = "SUCCESSFUL_RESOURCES_ALLOCATION"
USAGE_REPORT = "USAGE_REPORT"
UE_ADDRESSES = ("ueIpv4Addr", "ueIpv6Addr", "macAddr", "gpsi")


class AsSessionWithQoSSubscription(Open):
    supportedFeatures: SupportedFeatures | None = None
    dnn: str | None = None
    snssai: Snssai | None = None
    notificationDestination: Link
    exterAppId: str | None = None
    extGroupId: str | None = None
    gpsi: Gpsi | None = None
    flowInfo: NonEmpty[FlowInfo] | None = None
    ethFlowInfo: NonEmpty[EthFlowDescription] | None = None
    qosReference: str | None = None
    altQoSReferences: NonEmpty[str] | None = None
    disUeNotif: bool | None = None
    ueIpv4Addr: Ipv4Addr | None = None
    ipDomain: str | None = None
    ueIpv6Addr: Ipv6Addr | None = None
    macAddr: MacAddr48 | None = None
    usageThreshold: UsageThreshold | None = None
    qosDuration: DurationSec | None = None
    qosInactInt: DurationSec | None = None
    directNotifInd: bool | None = None
    requestTestNotification: bool | None = None
    events: NonEmpty[str] | None = None


class AsSessionWithQoSSubscriptionPatch(Closed):
    """The members TS 29.122 lets a PATCH change; anything else is a 400."""

    exterAppId: str | None = None
    flowInfo: NonEmpty[FlowInfo] | None = None
    ethFlowInfo: NonEmpty[EthFlowDescription] | None = None
    enEthFlowInfo: list[dict[str, Any]] | None = None
    listUeAddrs: list[dict[str, Any]] | None = None
    qosReference: str | None = None
    altQoSReferences: NonEmpty[str] | None = None
    altQosReqs: list[dict[str, Any]] | None = None
    disUeNotif: bool | None = None
    usageThreshold: UsageThreshold | None = None
    qosMonInfo: dict[str, Any] | None = None
    pdvMon: dict[str, Any] | None = None
    directNotifInd: bool | None = None
    notificationDestination: Link | None = None
    tscQosReq: dict[str, Any] | None = None
    l4sInfo: str | None = None
    events: NonEmpty[str] | None = None
    multiModDatFlows: dict[str, Any] | None = None
    pduSetQos: dict[str, Any] | None = None
    rTLatencyInd: bool | None = None
    protoDesc: str | None = None
    periodInfo: dict[str, Any] | None = None
    qosDuration: DurationSec | None = None
    qosInactInt: DurationSec | None = None
    rttMon: dict[str, Any] | None = None
    qosMonDatRate: dict[str, Any] | None = None
    avrgWndw: int | None = None
    qosMonConReq: dict[str, Any] | None = None
    listUeConsDtRt: list[dict[str, Any]] | None = None
