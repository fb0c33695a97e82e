"""The simulated network behind the NEF: edge sites (one DNAI each), their cells and the UEs.

Everything is derived from the config: sites in the configured order, ``cells_per_dnai`` cells on
a ring around each site, N UEs with addresses numbered from 1 and a first cell drawn from
``Random(seed)``. Only where the UEs are changes afterwards (see :mod:`mec_mocks.nef.mobility`).

Identifiers: cell ``{plmn}{site:07x}{cell:02x}`` (an NR cell global identity: PLMN + 36 bits),
gNB ``{plmn}{site:07x}``, tracking area ``{plmn}{site:06x}``; UE ``ue-{n}`` with IPv4
``10.45.0.0 + n + 1``, IPv6 ``2001:db8:45::{n:x}``, MSISDN ``3361{n:07d}`` (GPSI
``msisdn-3361...``), external id ``ue{n}@nef.mock`` and MAC ``02-00-00-xx-xx-xx``.
"""

from __future__ import annotations

import ipaddress
import math
import random
from dataclasses import dataclass
from typing import Any

from mec_mocks.nef.config import NefConfig

FIRST_IPV4 = ipaddress.IPv4Address("10.45.0.1")
IPV6_PREFIX = "2001:db8:45::"
RING_DEG = 0.01  # cells sit ~1 km from their site


@dataclass(frozen=True)
class Cell:
    id: str
    dnai: str
    zone: str
    lat: float
    lon: float
    gnb_id: str
    tac: str

    def view(self) -> dict[str, Any]:
        return {
            "cellId": self.id,
            "dnai": self.dnai,
            "zoneId": self.zone,
            "lat": self.lat,
            "lon": self.lon,
            "gnbId": self.gnb_id,
            "trackingAreaId": self.tac,
        }


@dataclass
class Ue:
    id: str
    ipv4: str
    ipv6: str
    msisdn: str
    external_id: str
    mac: str
    cell: str | None

    @property
    def gpsi(self) -> str:
        return f"msisdn-{self.msisdn}"


class Network:
    def __init__(self, config: NefConfig) -> None:
        self.plmn = config.plmn
        self.sites = config.located_sites()
        self.cells: dict[str, Cell] = {}
        for i, (site, lat, lon) in enumerate(self.sites, start=1):
            for j in range(config.cells_per_dnai):
                angle = 2 * math.pi * j / config.cells_per_dnai
                ring = RING_DEG if config.cells_per_dnai > 1 else 0.0
                cell = Cell(
                    id=f"{config.plmn}{i:07x}{j + 1:02x}",
                    dnai=site.dnai,
                    zone=site.zone,
                    lat=round(lat + ring * math.sin(angle), 6),
                    lon=round(lon + ring * math.cos(angle), 6),
                    gnb_id=f"{config.plmn}{i:07x}",
                    tac=f"{config.plmn}{i:06x}",
                )
                self.cells[cell.id] = cell
        rng = random.Random(config.seed)
        ids = sorted(self.cells)
        self.ues: dict[str, Ue] = {}
        for n in range(1, config.ues + 1):
            ue = Ue(
                id=f"ue-{n}",
                ipv4=str(FIRST_IPV4 + n),
                ipv6=f"{IPV6_PREFIX}{n:x}",
                msisdn=f"3361{n:07d}",
                external_id=f"ue{n}@nef.mock",
                mac="02-00-00-" + "-".join(f"{(n >> s) & 255:02x}" for s in (16, 8, 0)),
                cell=rng.choice(ids) if ids else None,
            )
            self.ues[ue.id] = ue
        self.cell_radius_m = config.cell_radius_m

    @property
    def dnais(self) -> set[str]:
        return {site.dnai for site, _, _ in self.sites}

    def cell_of(self, ue: Ue) -> Cell | None:
        return self.cells.get(ue.cell) if ue.cell else None

    def dnai_of(self, ue: Ue) -> str | None:
        cell = self.cell_of(ue)
        return cell.dnai if cell else None

    def cells_of(self, dnai: str) -> list[Cell]:
        return [c for c in self.cells.values() if c.dnai == dnai]

    def find(self, kind: str, value: str) -> Ue | None:
        """The UE whose ``kind`` identifier (a request member name) is ``value``."""
        if kind == "gpsi" and value.startswith("extid-"):
            kind, value = "externalId", value.removeprefix("extid-")
        for ue in self.ues.values():
            if _identifier(ue, kind) == _normal(kind, value):
                return ue
        return None

    def ue_view(self, ue: Ue) -> dict[str, Any]:
        cell = self.cell_of(ue)
        return {
            "ueId": ue.id,
            "ipv4Addr": ue.ipv4,
            "ipv6Addr": ue.ipv6,
            "msisdn": ue.msisdn,
            "gpsi": ue.gpsi,
            "externalId": ue.external_id,
            "macAddr": ue.mac,
            "cellId": ue.cell,
            "dnai": cell.dnai if cell else None,
            "zoneId": cell.zone if cell else None,
            "lat": cell.lat if cell else None,
            "lon": cell.lon if cell else None,
        }


def _normal(kind: str, value: str) -> str:
    if kind in ("ipv6Addr", "ueIpv6Addr"):
        try:
            return str(ipaddress.IPv6Address(value))
        except ValueError:
            return value
    if kind in ("macAddr", "ueMacAddr"):
        return value.lower()
    return value


def _identifier(ue: Ue, kind: str) -> str | None:
    return {
        "ipv4Addr": ue.ipv4,
        "ueIpv4Addr": ue.ipv4,
        "ipv6Addr": ue.ipv6,
        "ueIpv6Addr": ue.ipv6,
        "macAddr": ue.mac,
        "ueMacAddr": ue.mac,
        "gpsi": ue.gpsi,
        "msisdn": ue.msisdn,
        "externalId": ue.external_id,
    }.get(kind)
