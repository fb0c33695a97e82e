"""TS 29.522 EAS Deployment bodies: ``EasDeployInfo`` and ``EdiDeleteCriteria``."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from mec_mocks.nef.wire.common import (
    Dnai,
    IpAddr,
    NonEmpty,
    Open,
    Snssai,
    SupportedFeatures,
    Uinteger,
)


class StringMatchingCondition(Open):
    matchingString: str | None = None
    matchingOperator: str


class StringMatchingRule(Open):
    stringMatchingConditions: NonEmpty[StringMatchingCondition] | None = None


class FqdnPatternMatchingRule(Open):
    one_of = ("regex", "stringMatchingRule")
    exactly_one = True

    regex: str | None = None
    stringMatchingRule: StringMatchingRule | None = None


class DnsServerIdentifier(Open):
    dnsServIpAddr: IpAddr
    portNumber: Uinteger


class DnaiInformation(Open):
    one_of = ("dnsServIds", "easIpAddrs")

    dnai: Dnai
    dnsServIds: NonEmpty[DnsServerIdentifier] | None = None
    easIpAddrs: NonEmpty[IpAddr] | None = None


class EasDeployInfo(Open):
    afServiceId: str | None = None
    fqdnPatternList: NonEmpty[FqdnPatternMatchingRule]
    appId: str | None = None
    dnn: str | None = None
    snssai: Snssai | None = None
    externalGroupId: str | None = None
    dnaiInfos: Annotated[dict[str, DnaiInformation], Field(min_length=1)] | None = None
    targetAfId: str | None = None
    suppFeat: SupportedFeatures | None = None


class DnnSnssaiInformation(Open):
    dnn: str | None = None
    snssai: Snssai | None = None


class EdiDeleteCriteria(Open):
    afId: str | None = None
    dnnSnssai: DnnSnssaiInformation | None = None
