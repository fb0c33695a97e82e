"""The demo's edge sites: every zone of every operator runs on an outdoor edge site
(``mec-mocks edge-site``, HTTPS with a certificate from the lab CA, simulated time running
faster than real time), and, while the demo keeps running, a watch that prints each zone as its
partners see it change, so a fault injected with the printed command shows the zone going down.
"""

from __future__ import annotations

import asyncio
import ssl
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from mec_mocks.common.tls import self_signed
from mec_mocks.edge_site import EdgeSiteConfig
from mec_mocks.edge_site import create_app as create_site
from op_platform.security.certs import CaFiles, issue
from perimeter.tls import server_context

NODES = 4
TIME_SCALE = 20.0
"""Simulated seconds per real second: a hot ambient trips a node within a minute."""
POLL_INTERVAL = 5.0
USER = PASSWORD = "admin"


@dataclass(frozen=True)
class EdgeSite:
    zone_id: str
    port: int
    cert: Path
    key: Path
    ca_file: Path

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    def zone_settings(self) -> dict[str, Any]:
        """What the zone's ``edge_site`` setting is."""
        return {
            "url": self.url,
            "username": USER,
            "password": PASSWORD,
            "ca_file": str(self.ca_file),
            "poll_interval": POLL_INTERVAL,
        }

    def app(self) -> Any:
        config = EdgeSiteConfig(
            site_id=self.zone_id,
            profile="outdoor",
            nodes=NODES,
            port=self.port,
            user=USER,
            password=PASSWORD,
            time_scale=TIME_SCALE,
            seed=len(self.zone_id),
        )
        return create_site(config)

    def ssl_context(self) -> ssl.SSLContext:
        return server_context(str(self.cert), str(self.key))

    def fault_command(self, what: str = "ambient 58") -> str:
        return (
            f"mec-mocks edge-site admin --url {self.url} --cacert {self.ca_file} "
            f"--user {USER} --password {PASSWORD} {what}"
        )


def make_site(zone_id: str, port: int, folder: Path, ca: CaFiles | None) -> EdgeSite:
    """A site for ``zone_id``: its certificate from the lab CA, or self-signed without one."""
    if ca is not None:
        made = issue(ca, f"{zone_id}-gw", ips=["127.0.0.1"], client=False, directory=folder)
        return EdgeSite(zone_id, port, made.cert, made.key, ca.cert)
    own = self_signed(folder / f"{zone_id}-gw", "127.0.0.1")
    return EdgeSite(zone_id, port, own.cert, own.key, own.cert)


async def watch_partner_views(
    http: httpx.AsyncClient, views: dict[str, str], print_line: Any, every: float = 1.0
) -> None:
    """Print each zone's status as the OPs at ``views`` (operator id -> OP URL) see it from
    their partners, whenever it changes (the partners learnt it from ``onPartnerStatusEvent``)."""
    seen: dict[tuple[str, str], str] = {}
    while True:
        for viewer, url in views.items():
            try:
                response = await http.get(url + "/admin/federations")
                records = response.json() if response.is_success else []
            except httpx.HTTPError:
                continue
            for record in records:
                for zone in record.get("offered_zones") or []:
                    key = (viewer, str(zone.get("zoneId")))
                    status = str(zone.get("status", "?"))
                    if seen.get(key) not in (None, status):
                        print_line(f"  {viewer} sees zone {key[1]} of its partner: {status}")
                    seen[key] = status
        await asyncio.sleep(every)
