"""Data types shared by the NEF northbound APIs (3GPP TS 29.122 / TS 29.571 CommonData).

Attributes are snake_case; the wire names (camelCase, as in the 3GPP files and openapi/nef.yaml)
are their aliases. Build with either name, dump with :meth:`NefModel.wire`. Validation errors
name the field by its wire name.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator
from pydantic.alias_generators import to_camel

IPV4_PATTERN = (
    r"^(([0-9]|[1-9][0-9]|1[0-9][0-9]|2[0-4][0-9]|25[0-5])\.){3}"
    r"([0-9]|[1-9][0-9]|1[0-9][0-9]|2[0-4][0-9]|25[0-5])$"
)
Ipv4Addr = Annotated[str, StringConstraints(pattern=IPV4_PATTERN)]
MacAddr48 = Annotated[str, StringConstraints(pattern=r"^([0-9a-fA-F]{2})((-[0-9a-fA-F]{2}){5})$")]
Dnai = Annotated[str, StringConstraints(min_length=1)]
Uinteger = Annotated[int, Field(ge=0)]


class NefModel(BaseModel):
    """Every NEF body: snake_case attributes, camelCase wire aliases, unknown members ignored."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="ignore")

    def wire(self) -> dict[str, Any]:
        """The JSON-ready body: wire names, unset members left out."""
        return self.model_dump(mode="json", by_alias=True, exclude_none=True)


def exactly_one(model: BaseModel, names: tuple[str, ...], what: str) -> None:
    """Raise ``ValueError`` unless exactly one of the attributes ``names`` is set."""
    given = [n for n in names if getattr(model, n) is not None]
    if len(given) != 1:
        wire = ", ".join(to_camel(n) for n in names)
        raise ValueError(f"{what}: exactly one of {wire} is required")


class Snssai(NefModel):
    sst: Annotated[int, Field(ge=0, le=255)]
    sd: Annotated[str, StringConstraints(pattern=r"^[A-Fa-f0-9]{6}$")] | None = None


class FlowInfo(NefModel):
    flow_id: int
    flow_descriptions: Annotated[list[str], Field(min_length=1, max_length=2)] | None = None
    tos_tc: str | None = Field(default=None, alias="tosTC")


class EthFlowDescription(NefModel):
    eth_type: str
    dest_mac_addr: MacAddr48 | None = None
    source_mac_addr: MacAddr48 | None = None


class RouteInformation(NefModel):
    ipv4_addr: Ipv4Addr | None = None
    ipv6_addr: str | None = None
    port_number: Uinteger

    @model_validator(mode="after")
    def _address(self) -> RouteInformation:
        if self.ipv4_addr is None and self.ipv6_addr is None:
            raise ValueError("one of ipv4Addr and ipv6Addr is required")
        return self


class RouteToLocation(NefModel):
    dnai: Dnai
    route_info: RouteInformation | None = None
    route_prof_id: str | None = None

    @model_validator(mode="after")
    def _route(self) -> RouteToLocation:
        if self.route_info is None and self.route_prof_id is None:
            raise ValueError("one of routeInfo and routeProfId is required")
        return self


class IpAddr(NefModel):
    ipv4_addr: Ipv4Addr | None = None
    ipv6_addr: str | None = None
    ipv6_prefix: str | None = None

    @model_validator(mode="after")
    def _one(self) -> IpAddr:
        exactly_one(self, ("ipv4_addr", "ipv6_addr", "ipv6_prefix"), "IpAddr")
        return self


class UsageThreshold(NefModel):
    duration: Uinteger | None = None
    total_volume: Uinteger | None = None
    downlink_volume: Uinteger | None = None
    uplink_volume: Uinteger | None = None


class AccumulatedUsage(UsageThreshold):
    """What was used, reported with USAGE_REPORT (same members as a threshold)."""


class InvalidParam(NefModel):
    param: str
    reason: str | None = None


class ProblemDetails(NefModel):
    """The NEF's error body (TS 29.122 ``ProblemDetails``)."""

    type: str | None = None
    title: str | None = None
    status: int | None = None
    detail: str | None = None
    instance: str | None = None
    cause: str | None = None
    invalid_params: list[InvalidParam] | None = None


class TestNotification(NefModel):
    """Sent to ``notificationDestination`` when ``requestTestNotification`` was true."""

    __test__ = False  # not a pytest test class
    subscription: str
