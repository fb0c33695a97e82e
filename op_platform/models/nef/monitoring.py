"""TS 29.122 Monitoring Event bodies for LOCATION_REPORTING: where is a UE."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AwareDatetime, Field, model_validator

from op_platform.models.nef.nef_common import Ipv4Addr, NefModel, exactly_one

LOCATION_REPORTING = "LOCATION_REPORTING"
Accuracy = Literal["CGI_ECGI", "ENODEB", "TA_RA", "PLMN", "GEO_AREA"]


class GeographicalCoordinates(NefModel):
    lon: Annotated[float, Field(ge=-180, le=180)]
    lat: Annotated[float, Field(ge=-90, le=90)]


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


class MonitoringEventSubscription(NefModel):
    """Location reporting of one UE (``msisdn``, ``external_id``, ``ipv4_addr`` or
    ``ipv6_addr``): once (``maximum_number_of_reports=1``) or on every cell change."""

    self_link: str | None = Field(default=None, alias="self")
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

    @model_validator(mode="after")
    def _shape(self) -> MonitoringEventSubscription:
        exactly_one(self, ("msisdn", "external_id", "ipv4_addr", "ipv6_addr"), "the UE")
        if self.maximum_number_of_reports is None and self.monitor_expire_time is None:
            raise ValueError("one of maximumNumberOfReports and monitorExpireTime is required")
        return self


class MonitoringNotification(NefModel):
    subscription: str
    monitoring_event_reports: Annotated[list[MonitoringEventReport], Field(min_length=1)] | None = (
        None
    )
    cancel_ind: bool | None = None
