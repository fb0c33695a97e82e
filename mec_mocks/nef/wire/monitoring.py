"""TS 29.122 Monitoring Event body: ``MonitoringEventSubscription`` (location reporting)."""

from __future__ import annotations

from typing import Annotated

from pydantic import AwareDatetime, Field

from mec_mocks.nef.wire.common import DurationSec, Ipv4Addr, Ipv6Addr, Link, Open, SupportedFeatures

LOCATION_REPORTING = "LOCATION_REPORTING"
MONITORING_TYPES = (
    "LOSS_OF_CONNECTIVITY",
    "UE_REACHABILITY",
    LOCATION_REPORTING,
    "CHANGE_OF_IMSI_IMEI_ASSOCIATION",
    "ROAMING_STATUS",
    "COMMUNICATION_FAILURE",
    "AVAILABILITY_AFTER_DDN_FAILURE",
    "NUMBER_OF_UES_IN_AN_AREA",
    "PDN_CONNECTIVITY_STATUS",
    "DOWNLINK_DATA_DELIVERY_STATUS",
    "API_SUPPORT_CAPABILITY",
    "NUM_OF_REGD_UES",
    "NUM_OF_ESTD_PDU_SESSIONS",
    "AREA_OF_INTEREST",
    "GROUP_MEMBER_LIST_CHANGE",
    "APPLICATION_START",
    "APPLICATION STOP",
)
LOCATION_TYPES = (
    "CURRENT_LOCATION",
    "LAST_KNOWN_LOCATION",
    "CURRENT_OR_LAST_KNOWN_LOCATION",
    "INITIAL_LOCATION",
)
# Accuracy -> the LocationInfo members it fills; CIVIC_ADDR and TWAN_ID are not simulated.
ACCURACY_FIELDS = {
    "CGI_ECGI": ("cellId",),
    "ENODEB": ("cellId", "enodeBId"),
    "TA_RA": ("trackingAreaId",),
    "PLMN": ("plmnId",),
    "GEO_AREA": ("cellId", "geographicArea"),
}
TARGETS = ("msisdn", "externalId", "ipv4Addr", "ipv6Addr", "externalGroupId")


class MonitoringEventSubscription(Open):
    supportedFeatures: SupportedFeatures | None = None
    mtcProviderId: str | None = None
    externalId: Annotated[str, Field(pattern=r"^[^@]+@[^@]+$")] | None = None
    msisdn: Annotated[str, Field(pattern=r"^[0-9]{5,15}$")] | None = None
    externalGroupId: str | None = None
    ipv4Addr: Ipv4Addr | None = None
    ipv6Addr: Ipv6Addr | None = None
    dnn: str | None = None
    notificationDestination: Link
    requestTestNotification: bool | None = None
    monitoringType: str
    maximumNumberOfReports: Annotated[int, Field(ge=1)] | None = None
    monitorExpireTime: AwareDatetime | None = None
    repPeriod: DurationSec | None = None
    locationType: str | None = None
    accuracy: str | None = None
    minimumReportInterval: DurationSec | None = None
    immediateRep: bool | None = None
