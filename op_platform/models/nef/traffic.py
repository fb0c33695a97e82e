"""TS 29.522 Traffic Influence bodies: steer UE traffic to DNAIs, hear of UP path changes."""

from __future__ import annotations

from enum import auto
from typing import Literal

from pydantic import model_validator

from op_platform.models.fields import NonEmptyList, WireEnum
from op_platform.models.nef.nef_common import (
    Dnai,
    EthFlowDescription,
    FlowInfo,
    Ipv4Addr,
    MacAddr48,
    NefModel,
    NefResource,
    RouteToLocation,
    Snssai,
    exactly_one,
)

DnaiChangeType = Literal["EARLY", "EARLY_LATE", "LATE"]


class SubscribedEvent(WireEnum):
    UP_PATH_CHANGE = auto()


class TrafficInfluSub(NefResource):
    """A traffic influence subscription: exactly one of ``af_app_id``, ``traffic_filters``,
    ``eth_traffic_filters``, and exactly one target UE (or ``any_ue_ind=True``)."""

    af_service_id: str | None = None
    af_app_id: str | None = None
    af_trans_id: str | None = None
    app_relo_ind: bool | None = None
    dnn: str | None = None
    snssai: Snssai | None = None
    external_group_id: str | None = None
    any_ue_ind: bool | None = None
    subscribed_events: NonEmptyList[str] | None = None
    gpsi: str | None = None
    ipv4_addr: Ipv4Addr | None = None
    ipv6_addr: str | None = None
    mac_addr: MacAddr48 | None = None
    dnai_chg_type: DnaiChangeType | None = None
    notification_destination: str | None = None
    request_test_notification: bool | None = None
    traffic_filters: NonEmptyList[FlowInfo] | None = None
    eth_traffic_filters: NonEmptyList[EthFlowDescription] | None = None
    traffic_routes: NonEmptyList[RouteToLocation] | None = None
    addr_preser_ind: bool | None = None

    one_of = (
        exactly_one(("af_app_id", "traffic_filters", "eth_traffic_filters"), "traffic"),
        exactly_one(
            ("ipv4_addr", "ipv6_addr", "mac_addr", "gpsi", "external_group_id", "any_ue_ind"),
            "target",
        ),
    )

    @model_validator(mode="after")
    def _notified(self) -> TrafficInfluSub:
        if self.subscribed_events and not self.notification_destination:
            raise ValueError("notificationDestination is required with subscribedEvents")
        return self


class TrafficInfluSubPatch(NefModel):
    """The members a PATCH (JSON merge patch) may change."""

    traffic_filters: NonEmptyList[FlowInfo] | None = None
    eth_traffic_filters: NonEmptyList[EthFlowDescription] | None = None
    traffic_routes: NonEmptyList[RouteToLocation] | None = None
    app_relo_ind: bool | None = None
    addr_preser_ind: bool | None = None
    notification_destination: str | None = None


class EventNotification(NefModel):
    """An UP path change of one UE: from ``source_dnai`` to ``target_dnai``."""

    af_trans_id: str | None = None
    dnai_chg_type: str
    subscribed_event: str
    source_traffic_route: RouteToLocation | None = None
    target_traffic_route: RouteToLocation | None = None
    source_dnai: Dnai | None = None
    target_dnai: Dnai | None = None
    gpsi: str | None = None
    src_ue_ipv4_addr: Ipv4Addr | None = None
    tgt_ue_ipv4_addr: Ipv4Addr | None = None
