"""TS 29.522 EAS Deployment bodies: ``EasDeployInfo`` and ``EdiDeleteCriteria``."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, model_validator

from mec_mocks.nef.wire.common import Dnai, IpAddr, Open, Snssai, SupportedFeatures, Uinteger


class StringMatchingCondition(Open):
    matchingString: str | None = None
    matchingOperator: str


class StringMatchingRule(Open):
    stringMatchingConditions: (
        Annotated[list[StringMatchingCondition], Field(min_length=1)] | None
    ) = None


class FqdnPatternMatchingRule(Open):
    regex: str | None = None
    stringMatchingRule: StringMatchingRule | None = None

    @model_validator(mode="after")
    def _one(self) -> FqdnPatternMatchingRule:
        if (self.regex is None) == (self.stringMatchingRule is None):
            raise ValueError("exactly one of regex and stringMatchingRule is required")
        return self


class DnsServerIdentifier(Open):
    dnsServIpAddr: IpAddr
    portNumber: Uinteger


class DnaiInformation(Open):
    dnai: Dnai
    dnsServIds: Annotated[list[DnsServerIdentifier], Field(min_length=1)] | None = None
    easIpAddrs: Annotated[list[IpAddr], Field(min_length=1)] | None = None

    @model_validator(mode="after")
    def _some(self) -> DnaiInformation:
        if self.dnsServIds is None and self.easIpAddrs is None:
            raise ValueError("one of dnsServIds and easIpAddrs is required")
        return self


class EasDeployInfo(Open):
    afServiceId: str | None = None
    fqdnPatternList: Annotated[list[FqdnPatternMatchingRule], Field(min_length=1)]
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
