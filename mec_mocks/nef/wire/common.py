"""Data types shared by the NEF APIs (TS 29.122 and TS 29.571 CommonData), as the mock reads them.

Attribute names are the wire names. Models keep members they do not declare (the 3GPP schemas are
open), so a stored resource reads back as it was sent.
"""

from __future__ import annotations

import ipaddress
from typing import Annotated, Any, ClassVar, Self, TypeVar
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

IPV4 = (
    r"^(([0-9]|[1-9][0-9]|1[0-9][0-9]|2[0-4][0-9]|25[0-5])\.){3}"
    r"([0-9]|[1-9][0-9]|1[0-9][0-9]|2[0-4][0-9]|25[0-5])$"
)


def _ipv6(value: str) -> str:
    try:
        ipaddress.IPv6Address(value)
    except ValueError:
        raise ValueError("not an IPv6 address (RFC 5952)") from None
    return value


def _link(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError("must be an absolute http or https URI")
    return value


Ipv4Addr = Annotated[str, StringConstraints(pattern=IPV4)]
Ipv6Addr = Annotated[str, AfterValidator(_ipv6)]
MacAddr48 = Annotated[str, StringConstraints(pattern=r"^([0-9a-fA-F]{2})((-[0-9a-fA-F]{2}){5})$")]
Gpsi = Annotated[str, StringConstraints(pattern=r"^(msisdn-[0-9]{5,15}|extid-[^@]+@[^@]+|.+)$")]
Link = Annotated[str, AfterValidator(_link)]
Dnai = Annotated[str, StringConstraints(min_length=1)]
Uinteger = Annotated[int, Field(ge=0)]
DurationSec = Annotated[int, Field(ge=0)]
SupportedFeatures = Annotated[str, StringConstraints(pattern=r"^[A-Fa-f0-9]*$")]
T = TypeVar("T")
NonEmpty = Annotated[list[T], Field(min_length=1)]


class Open(BaseModel):
    """A 3GPP object: declared members validated, other members kept.

    ``one_of`` names alternative members: at least one of them is required (exactly one when
    ``exactly_one``), as the 3GPP schemas say with ``oneOf`` / ``anyOf``.
    """

    model_config = ConfigDict(extra="allow")
    one_of: ClassVar[tuple[str, ...]] = ()
    exactly_one: ClassVar[bool] = False

    @model_validator(mode="after")
    def _alternatives(self) -> Self:
        if not self.one_of:
            return self
        given = sum(getattr(self, name) is not None for name in self.one_of)
        if given == 0 or (self.exactly_one and given > 1):
            names = ", ".join(self.one_of[:-1]) + " and " + self.one_of[-1]
            how_many = "exactly one" if self.exactly_one else "one"
            raise ValueError(f"{how_many} of {names} is required")
        return self

    def wire(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude_none=True)


class Closed(Open):
    """A modification body: members outside the patch schema are refused."""

    model_config = ConfigDict(extra="forbid")


class Snssai(Open):
    sst: int = Field(ge=0, le=255)
    sd: Annotated[str, StringConstraints(pattern=r"^[A-Fa-f0-9]{6}$")] | None = None


class FlowInfo(Open):
    flowId: int
    flowDescriptions: Annotated[list[str], Field(min_length=1, max_length=2)] | None = None
    tosTC: str | None = None


class EthFlowDescription(Open):
    ethType: str
    destMacAddr: MacAddr48 | None = None
    sourceMacAddr: MacAddr48 | None = None


class RouteInformation(Open):
    one_of = ("ipv4Addr", "ipv6Addr")

    ipv4Addr: Ipv4Addr | None = None
    ipv6Addr: Ipv6Addr | None = None
    portNumber: Uinteger


class RouteToLocation(Open):
    one_of = ("routeInfo", "routeProfId")

    dnai: Dnai
    routeInfo: RouteInformation | None = None
    routeProfId: str | None = None


class IpAddr(Open):
    one_of = ("ipv4Addr", "ipv6Addr", "ipv6Prefix")
    exactly_one = True

    ipv4Addr: Ipv4Addr | None = None
    ipv6Addr: Ipv6Addr | None = None
    ipv6Prefix: str | None = None


class UsageThreshold(Open):
    duration: DurationSec | None = None
    totalVolume: Uinteger | None = None
    downlinkVolume: Uinteger | None = None
    uplinkVolume: Uinteger | None = None
