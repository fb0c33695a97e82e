"""TS 29.522 EAS Deployment bodies: where an application's edge servers run, per DNAI."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from op_platform.models.fields import NonEmptyList
from op_platform.models.nef.nef_common import (
    Dnai,
    IpAddr,
    NefModel,
    NefResource,
    Snssai,
    Uinteger,
    at_least_one,
    exactly_one,
)


class StringMatchingCondition(NefModel):
    matching_string: str | None = None
    matching_operator: str


class StringMatchingRule(NefModel):
    string_matching_conditions: NonEmptyList[StringMatchingCondition] | None = None


class FqdnPatternMatchingRule(NefModel):
    regex: str | None = None
    string_matching_rule: StringMatchingRule | None = None

    one_of = (exactly_one(("regex", "string_matching_rule"), "FqdnPatternMatchingRule"),)


class DnsServerIdentifier(NefModel):
    dns_serv_ip_addr: IpAddr
    port_number: Uinteger


class DnaiInformation(NefModel):
    dnai: Dnai
    dns_serv_ids: NonEmptyList[DnsServerIdentifier] | None = None
    eas_ip_addrs: NonEmptyList[IpAddr] | None = None

    one_of = (at_least_one(("dns_serv_ids", "eas_ip_addrs")),)


class EasDeployInfo(NefResource):
    """EAS deployment information; ``dnai_infos`` is keyed by DNAI."""

    af_service_id: str | None = None
    fqdn_pattern_list: NonEmptyList[FqdnPatternMatchingRule]
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

    one_of = (at_least_one(("af_id", "dnn_snssai")),)
