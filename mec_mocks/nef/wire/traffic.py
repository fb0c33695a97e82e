"""TS 29.522 Traffic Influence bodies: ``TrafficInfluSub`` and ``TrafficInfluSubPatch``."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field

from mec_mocks.nef.wire.common import (
    Closed,
    EthFlowDescription,
    FlowInfo,
    Gpsi,
    Ipv4Addr,
    Ipv6Addr,
    Link,
    MacAddr48,
    NonEmpty,
    Open,
    RouteToLocation,
    Snssai,
    SupportedFeatures,
    Uinteger,
)

UP_PATH_CHANGE = "UP_PATH_CHANGE"
DnaiChangeType = Literal["EARLY", "EARLY_LATE", "LATE"]
TARGETS = ("ipv4Addr", "ipv6Addr", "macAddr", "gpsi", "externalGroupId", "anyUeInd")
FLOWS = ("afAppId", "trafficFilters", "ethTrafficFilters")


class TrafficInfluSub(Open):
    afServiceId: str | None = None
    afAppId: str | None = None
    afTransId: str | None = None
    appReloInd: bool | None = None
    dnn: str | None = None
    snssai: Snssai | None = None
    externalGroupId: str | None = None
    anyUeInd: bool | None = None
    subscribedEvents: NonEmpty[str] | None = None
    gpsi: Gpsi | None = None
    ipv4Addr: Ipv4Addr | None = None
    ipDomain: str | None = None
    ipv6Addr: Ipv6Addr | None = None
    macAddr: MacAddr48 | None = None
    dnaiChgType: DnaiChangeType | None = None
    notificationDestination: Link | None = None
    requestTestNotification: bool | None = None
    trafficFilters: NonEmpty[FlowInfo] | None = None
    ethTrafficFilters: NonEmpty[EthFlowDescription] | None = None
    trafficRoutes: NonEmpty[RouteToLocation] | None = None
    tfcCorrInd: bool | None = None
    afAckInd: bool | None = None
    addrPreserInd: bool | None = None
    simConnInd: bool | None = None
    maxAllowedUpLat: Uinteger | None = None
    easRedisInd: bool | None = None
    candDnaiInd: bool | None = None
    portNumber: Annotated[int, Field(ge=0, le=65535)] | None = None
    suppFeat: SupportedFeatures | None = None


class TrafficInfluSubPatch(Closed):
    """The members TS 29.522 lets a PATCH change; anything else is a 400."""

    appReloInd: bool | None = None
    trafficFilters: NonEmpty[FlowInfo] | None = None
    ethTrafficFilters: NonEmpty[EthFlowDescription] | None = None
    trafficRoutes: NonEmpty[RouteToLocation] | None = None
    sfcIdDl: str | None = None
    sfcIdUl: str | None = None
    metadata: str | None = None
    tfcCorrInd: bool | None = None
    tempValidities: list[dict[str, Any]] | None = None
    validGeoZoneIds: list[str] | None = None
    geoAreas: list[dict[str, Any]] | None = None
    afAckInd: bool | None = None
    addrPreserInd: bool | None = None
    simConnInd: bool | None = None
    simConnTerm: Uinteger | None = None
    maxAllowedUpLat: Uinteger | None = None
    easIpReplaceInfos: list[dict[str, Any]] | None = None
    easRedisInd: bool | None = None
    notificationDestination: Link | None = None
    eventReq: dict[str, Any] | None = None
    tfcCorreInfo: dict[str, Any] | None = None
