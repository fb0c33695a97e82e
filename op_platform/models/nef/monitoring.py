"""TS 29.122 Monitoring Event bodies for LOCATION_REPORTING: where is a UE."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AwareDatetime, Field

from op_platform.models.fields import Latitude, Longitude, NonEmptyList
from op_platform.models.nef.nef_common import (
    Ipv4Addr,
    NefModel,
    NefResource,
    at_least_one,
    exactly_one,
)

LOCATION_REPORTING = "LOCATION_REPORTING"
Accuracy = Literal["CGI_ECGI", "ENODEB", "TA_RA", "PLMN", "GEO_AREA"]


class GeographicalCoordinates(NefModel):
    lon: Longitude
    lat: Latitude


class GeographicArea(NefModel):
    """A GAD shape; the NEF mock sends ``POINT_UNCERTAINTY_CIRCLE`` (the cell's centre and
    radius in metres)."""

    shape: str
    point: GeographicalCoordinates | None = None
    uncertainty: Annotated[float, Field(ge=0)] | None = None


class LocationInfo(NefModel):
    age_of_location_info: Annotated[int, Field(ge=0)] | None = None
    cell_id: str | None = None
    enode_b_id: str | None = None
    tracking_area_id: str | None = None
    plmn_id: str | None = None
    geographic_area: GeographicArea | None = None


class MonitoringEventReport(NefModel):
    monitoring_type: str
    external_id: str | None = None
    msisdn: str | None = None
    event_time: AwareDatetime | None = None
    location_info: LocationInfo | None = None
    loc_failure_cause: str | None = None


class MonitoringEventSubscription(NefResource):
    """Location reporting of one UE (``msisdn``, ``external_id``, ``ipv4_addr`` or
    ``ipv6_addr``): once (``maximum_number_of_reports=1``) or on every cell change."""

    external_id: str | None = None
    msisdn: Annotated[str, Field(pattern=r"^[0-9]{5,15}$")] | None = None
    ipv4_addr: Ipv4Addr | None = None
    ipv6_addr: str | None = None
    notification_destination: str
    monitoring_type: str = LOCATION_REPORTING
    maximum_number_of_reports: Annotated[int, Field(ge=1)] | None = None
    monitor_expire_time: AwareDatetime | None = None
    accuracy: Accuracy | None = None
    immediate_rep: bool | None = None
    request_test_notification: bool | None = None
    monitoring_event_report: MonitoringEventReport | None = None

    one_of = (
        exactly_one(("msisdn", "external_id", "ipv4_addr", "ipv6_addr"), "the UE"),
        at_least_one(("maximum_number_of_reports", "monitor_expire_time")),
    )


class MonitoringNotification(NefModel):
    subscription: str
    monitoring_event_reports: NonEmptyList[MonitoringEventReport] | None = None
    cancel_ind: bool | None = None
