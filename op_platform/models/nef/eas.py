"""TS 29.522 EAS Deployment bodies: where an application's edge servers run, per DNAI."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, model_validator

from op_platform.models.nef.nef_common import Dnai, IpAddr, NefModel, Snssai, Uinteger, exactly_one


class StringMatchingCondition(NefModel):
    matching_string: str | None = None
    matching_operator: str


class StringMatchingRule(NefModel):
    string_matching_conditions: (
        Annotated[list[StringMatchingCondition], Field(min_length=1)] | None
    ) = None


class FqdnPatternMatchingRule(NefModel):
    regex: str | None = None
    string_matching_rule: StringMatchingRule | None = None

    @model_validator(mode="after")
    def _one(self) -> FqdnPatternMatchingRule:
        exactly_one(self, ("regex", "string_matching_rule"), "FqdnPatternMatchingRule")
        return self


class DnsServerIdentifier(NefModel):
    dns_serv_ip_addr: IpAddr
    port_number: Uinteger


class DnaiInformation(NefModel):
    dnai: Dnai
    dns_serv_ids: Annotated[list[DnsServerIdentifier], Field(min_length=1)] | None = None
    eas_ip_addrs: Annotated[list[IpAddr], Field(min_length=1)] | None = None

    @model_validator(mode="after")
    def _some(self) -> DnaiInformation:
        if self.dns_serv_ids is None and self.eas_ip_addrs is None:
            raise ValueError("one of dnsServIds and easIpAddrs is required")
        return self


class EasDeployInfo(NefModel):
    """EAS deployment information; ``dnai_infos`` is keyed by DNAI."""

    self_link: str | None = Field(default=None, alias="self")
    af_service_id: str | None = None
    fqdn_pattern_list: Annotated[list[FqdnPatternMatchingRule], Field(min_length=1)]
    app_id: str | None = None
    dnn: str | None = None
    snssai: Snssai | None = None
    external_group_id: str | None = None
    dnai_infos: Annotated[dict[str, DnaiInformation], Field(min_length=1)] | None = None
    target_af_id: str | None = None


class DnnSnssaiInformation(NefModel):
    dnn: str | None = None
    snssai: Snssai | None = None


class EdiDeleteCriteria(NefModel):
    af_id: str | None = None
    dnn_snssai: DnnSnssaiInformation | None = None

    @model_validator(mode="after")
    def _some(self) -> EdiDeleteCriteria:
        if self.af_id is None and self.dnn_snssai is None:
            raise ValueError("one of afId and dnnSnssai is required")
        return self
