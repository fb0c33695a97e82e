"""What the NEF should hold for one edge instance, and the 3GPP bodies that say it.

A placement is read from a READY instance on this OP's zones: the application, the zone and its
DNAI (``zones[].dnai``, default the zone id), and the instance's first endpoint (FQDN, port).
Instances publish host names only, so each gets an IPv4 address of ``nef.eas_network`` drawn
from a hash of its key: the same instance always has the same address. The traffic influence
subscription steers any UE's traffic of the application (``afAppId``) to that DNAI and address;
the EAS deployment registers the FQDN with the address at that DNAI.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from ipaddress import IPv4Network
from typing import Any

from op_platform import roots
from op_platform.db.tables.network_rows import SteeringRow
from op_platform.models.nef import (
    DnaiInformation,
    EasDeployInfo,
    FqdnPatternMatchingRule,
    IpAddr,
    RouteInformation,
    RouteToLocation,
    StringMatchingCondition,
    StringMatchingRule,
    SubscribedEvent,
    TrafficInfluSub,
)
from op_platform.services.network import receipts
from op_platform.settings import Settings


@dataclass(frozen=True)
class Placement:
    """Where one instance runs, as the NEF should know it."""

    key: str
    app_id: str
    zone_id: str
    dnai: str
    fqdn: str
    ipv4: str
    port: int

    def differs(self, row: SteeringRow) -> bool:
        held = (row.app_id, row.zone_id, row.dnai, row.fqdn, row.ipv4, row.port)
        return held != (self.app_id, self.zone_id, self.dnai, self.fqdn, self.ipv4, self.port)

    def apply(self, row: SteeringRow) -> None:
        row.app_id, row.zone_id, row.dnai = self.app_id, self.zone_id, self.dnai
        row.fqdn, row.ipv4, row.port = self.fqdn, self.ipv4, self.port


def dnai_of(settings: Settings, zone_id: str) -> str | None:
    """The DNAI serving one of this OP's zones (None for a zone it does not have)."""
    for zone in settings.zones:
        if zone.zone_id == zone_id:
            return zone.dnai or zone.zone_id
    return None


def zone_of_dnai(settings: Settings, dnai: str) -> str | None:
    """The zone a DNAI serves (None when no zone of this OP maps to it)."""
    for zone in settings.zones:
        if (zone.dnai or zone.zone_id) == dnai:
            return zone.zone_id
    return None


def address(network: IPv4Network, key: str) -> str:
    """A stable host address of ``network`` for the instance ``key``."""
    hosts = max(network.num_addresses - 2, 1)
    offset = int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big") % hosts
    return str(network.network_address + 1 + offset)


def placement(
    settings: Settings,
    key: str,
    app_id: str,
    zone_id: str,
    endpoints: list[dict[str, Any]] | None,
) -> Placement | None:
    """The placement of an instance, or None when it has no endpoint or its zone no DNAI."""
    dnai = dnai_of(settings, zone_id)
    points = [e.get("accessPoints") or {} for e in endpoints or []]
    first = next((p for p in points if isinstance(p.get("port"), int)), None)
    if dnai is None or first is None:
        return None
    ipv4s = first.get("ipv4Addresses") or []
    ipv4 = str(ipv4s[0]) if ipv4s else address(settings.nef.eas_network, key)
    fqdn = str(first.get("fqdn") or ipv4)
    return Placement(key, app_id, zone_id, dnai, fqdn, ipv4, int(first["port"]))


def traffic_influence(settings: Settings, row: SteeringRow) -> TrafficInfluSub:
    """Any UE's traffic of the application to the instance, at its zone's DNAI."""
    route = RouteInformation(ipv4_addr=row.ipv4, port_number=row.port)
    return TrafficInfluSub(
        af_app_id=row.app_id,
        af_trans_id=row.instance_key,
        any_ue_ind=True,
        dnn=settings.nef.dnn,
        subscribed_events=[SubscribedEvent.UP_PATH_CHANGE],
        notification_destination=receipts.notification_url(
            settings, roots.NEF_UP_PATH_CHANGE, row.instance_key
        ),
        traffic_routes=[RouteToLocation(dnai=row.dnai, route_info=route)],
    )


def eas_deployment(settings: Settings, row: SteeringRow) -> EasDeployInfo:
    """The instance's FQDN served at its address, at its zone's DNAI."""
    condition = StringMatchingCondition(matching_string=row.fqdn, matching_operator="FULL_MATCH")
    rule = StringMatchingRule(string_matching_conditions=[condition])
    info = DnaiInformation(dnai=row.dnai, eas_ip_addrs=[IpAddr(ipv4_addr=row.ipv4)])
    return EasDeployInfo(
        app_id=row.app_id,
        dnn=settings.nef.dnn,
        fqdn_pattern_list=[FqdnPatternMatchingRule(string_matching_rule=rule)],
        dnai_infos={row.dnai: info},
    )
