"""Data types shared by the NEF northbound APIs (3GPP TS 29.122 / TS 29.571 CommonData).

Attributes are snake_case; the wire names (camelCase, as in the 3GPP files and openapi/nef.yaml)
are their aliases. Build with either name, dump with :meth:`NefModel.wire`. Validation errors
name the field by its wire name.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import ConfigDict, Field, NonNegativeInt, StringConstraints
from pydantic.alias_generators import to_camel

from op_platform.models.fields import Ipv4Text
from op_platform.models.problems import InvalidParam
from op_platform.models.validation import OneOf, OneOfRules

Ipv4Addr = Ipv4Text
MacAddr48 = Annotated[str, StringConstraints(pattern=r"^([0-9a-fA-F]{2})((-[0-9a-fA-F]{2}){5})$")]
Dnai = Annotated[str, StringConstraints(min_length=1)]
Uinteger = NonNegativeInt


class NefModel(OneOfRules):
    """Every NEF body: snake_case attributes, camelCase wire aliases, unknown members ignored.
    Members of which one must be given are declared in ``one_of``."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="ignore")

    def wire(self) -> dict[str, Any]:
        """The JSON-ready body: wire names, unset members left out."""
        return self.model_dump(mode="json", by_alias=True, exclude_none=True)


class NefResource(NefModel):
    """A resource the NEF creates: ``self`` (``self_link`` here) is its URI, set by the NEF."""

    self_link: str | None = Field(default=None, alias="self")


def exactly_one(names: tuple[str, ...], what: str) -> OneOf:
    """The rule that exactly one of the attributes ``names`` is set."""
    wire = ", ".join(to_camel(n) for n in names)
    return OneOf(names, f"{what}: exactly one of {wire} is required", exactly=True)


def at_least_one(names: tuple[str, ...]) -> OneOf:
    """The rule that at least one of the attributes ``names`` is set."""
    return OneOf(names, f"one of {' and '.join(to_camel(n) for n in names)} is required")


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

    one_of = (at_least_one(("ipv4_addr", "ipv6_addr")),)


class RouteToLocation(NefModel):
    dnai: Dnai
    route_info: RouteInformation | None = None
    route_prof_id: str | None = None

    one_of = (at_least_one(("route_info", "route_prof_id")),)


class IpAddr(NefModel):
    ipv4_addr: Ipv4Addr | None = None
    ipv6_addr: str | None = None
    ipv6_prefix: str | None = None

    one_of = (exactly_one(("ipv4_addr", "ipv6_addr", "ipv6_prefix"), "IpAddr"),)


class UsageThreshold(NefModel):
    duration: Uinteger | None = None
    total_volume: Uinteger | None = None
    downlink_volume: Uinteger | None = None
    uplink_volume: Uinteger | None = None


class AccumulatedUsage(UsageThreshold):
    """What was used, reported with USAGE_REPORT (same members as a threshold)."""


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
