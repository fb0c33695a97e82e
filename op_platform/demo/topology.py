"""Several operators on loopback: each an OP, a MEO, a MEPM and a NEF, with SQLite files in one
folder.

Operators are ``op-1``, ``op-2``, ...; each is the other's partner (clients and partners
configured both ways), each has two zones, each zone on its own edge site (``demo/edge.py``),
its own PLMN and its own NEF (each zone served by one DNAI of that NEF, the OP its AF).
Everything runs in the caller's
event loop; each server can be stopped and started again on the same port and database.
"""

from __future__ import annotations

import ssl
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiohttp import web

from mec_mocks.common.outbox import OutboxConfig
from mec_mocks.meo import MeoConfig
from mec_mocks.meo import create_app as create_meo
from mec_mocks.mepm.app import MepmConfig
from mec_mocks.mepm.app import create_app as create_mepm
from mec_mocks.nef import NefConfig
from mec_mocks.nef import create_app as create_nef
from op_platform.api.nbi.routes import ALL_SCOPES as NBI_SCOPES
from op_platform.app import create_app as create_op
from op_platform.demo.edge import EdgeSite, make_site
from op_platform.demo.lab_tls import LabTls, make_lab_tls, op_tls, partner_tls
from op_platform.listeners import start_sites
from op_platform.ports import free_port
from op_platform.settings import Settings
from perimeter import Policy
from perimeter.tls import client_context

PROVIDER_CLIENT = "demo-provider"  # an application provider on every OP's NBI
LOOPBACK = {"schemes": ["http", "https"], "allowed_networks": ["127.0.0.0/8", "::1/128"]}
COUNTRIES = [
    ("ES", "21401", [("Madrid", 40.4168, -3.7038), ("Barcelona", 41.3874, 2.1686)]),
    ("DE", "26201", [("Berlin", 52.52, 13.405), ("Munich", 48.1351, 11.582)]),
    ("FR", "20801", [("Paris", 48.8566, 2.3522), ("Lyon", 45.764, 4.8357)]),
    ("IT", "22201", [("Rome", 41.9028, 12.4964), ("Milan", 45.4642, 9.19)]),
    ("GB", "23415", [("London", 51.5072, -0.1276), ("Manchester", 53.4808, -2.2426)]),
    ("PT", "26801", [("Lisbon", 38.7223, -9.1393), ("Porto", 41.1579, -8.6291)]),
]


@dataclass
class Server:
    """One aiohttp application on a fixed loopback port, restartable."""

    name: str
    port: int
    factory: Any
    runner: web.AppRunner | None = None
    app: web.Application | None = None
    settings: Settings | None = None  # an OP: started with its own listeners (TLS)
    ssl_context: ssl.SSLContext | None = None  # HTTPS for a server that is not an OP

    @property
    def url(self) -> str:
        tls = self.settings is not None and self.settings.listen.tls is not None
        tls = tls or self.ssl_context is not None
        return f"{'https' if tls else 'http'}://127.0.0.1:{self.port}"

    @property
    def running(self) -> bool:
        return self.runner is not None

    async def start(self) -> None:
        self.app = self.factory()
        self.runner = web.AppRunner(self.app, access_log=None, shutdown_timeout=2.0)
        await self.runner.setup()
        if self.settings is not None:
            await start_sites(self.runner, self.settings, port=self.port)
        else:
            site = web.TCPSite(self.runner, "127.0.0.1", self.port, ssl_context=self.ssl_context)
            await site.start()

    async def stop(self) -> None:
        if self.runner is not None:
            await self.runner.cleanup()
            self.runner = None


@dataclass
class Operator:
    index: int
    operator_id: str
    country: str
    network_id: str
    settings: Settings
    op: Server
    meo: Server
    mepm: Server
    nef: Server
    extra: dict[str, Any] = field(default_factory=dict)
    ca_file: str | None = None  # the lab CA the OP's certificate comes from (with TLS)
    sites: list[tuple[EdgeSite, Server]] = field(default_factory=list)  # one per zone

    def verify(self, cert: tuple[str, str] | None = None) -> ssl.SSLContext | bool:
        """What a client verifies this operator's OP with (and presents, with ``cert``)."""
        return client_context(self.ca_file, cert) if self.ca_file else True

    @property
    def meo_api(self) -> str:
        return self.meo.url + "/app_pkgm/v1"


def dnai(zone_id: str) -> str:
    """The DNAI of the operator's NEF that serves one of its zones."""
    return f"dnai-{zone_id}"


def nef_config(settings: Settings, port: int, ca_file: str | None = None) -> NefConfig:
    """The operator's NEF: one site per zone of its OP, the OP as its AF (notified over https
    verified with ``ca_file`` when the lab has TLS)."""
    secret = settings.nef.client_secret
    assert secret is not None
    return NefConfig.model_validate(
        {
            "port": port,
            "clients": {settings.operator_id: secret.get_secret_value()},
            "sites": [
                {
                    "zone": z.zone_id,
                    "dnai": z.dnai or z.zone_id,
                    "lat": z.latitude,
                    "lon": z.longitude,
                }
                for z in settings.zones
            ],
            "ues": 10,
            "seed": len(settings.operator_id),
            "url_policy": LOOPBACK,  # its AF, the OP, runs on this machine
            "ca_file": ca_file,
        }
    )


def zone_id(operator_id: str, city: str) -> str:
    return f"{operator_id}-{city.lower()}"


def meo_client(operator_id: str) -> str:
    """The client id an operator's MEO has at its OP (scope ``sbi-cr``)."""
    return f"meo-{operator_id}"


def _secret(client: str, server: str) -> str:
    return f"{client}-at-{server}-demo-secret"


def provider_secret(operator_id: str) -> str:
    """The secret of the demo's app provider (an NBI client of every OP)."""
    return _secret(PROVIDER_CLIENT, operator_id)


def operator_settings(
    index: int,
    ids: list[str],
    ports: dict[str, dict[str, int]],
    folder: Path,
    database_url: str | None = None,
    lab: LabTls | None = None,
    sites: dict[str, EdgeSite] | None = None,
    **overrides: Any,
) -> Settings:
    me = ids[index]

    def ewbi_origin(other: str) -> str:
        if lab is None:
            return f"http://127.0.0.1:{ports[other]['op']}"
        return f"https://127.0.0.1:{ports[other]['partner']}"

    country, plmn, cities = COUNTRIES[index % len(COUNTRIES)]
    others = [other for other in ids if other != me]
    data: dict[str, Any] = {
        "operator_id": me,
        "country_code": country,
        "mobile_network_ids": [plmn],
        "listen": {"host": "127.0.0.1", "port": ports[me]["op"]},
        "public_base_url": f"http://127.0.0.1:{ports[me]['op']}",
        "database_url": database_url or f"sqlite+aiosqlite:///{folder / (me + '.db')}",
        "meo_url": f"http://127.0.0.1:{ports[me]['meo']}/app_pkgm/v1",
        "nef_url": f"http://127.0.0.1:{ports[me]['nef']}",
        "nef": {"client_secret": _secret(me, f"nef-{me}")},
        "data_dir": str(folder / f"{me}-data"),
        "zones": [
            {
                "zone_id": zone_id(me, city),
                "geography_details": f"{city}, {country}",
                "latitude": lat,
                "longitude": lon,
                "region": f"{country.lower()}-{n + 1}",
                "dnai": dnai(zone_id(me, city)),
                "edge_site": site.zone_settings() if site is not None else None,
            }
            for n, (city, lat, lon) in enumerate(cities)
            for site in [(sites or {}).get(zone_id(me, city))]
        ],
        "clients": [
            *({"client_id": other, "client_secret": _secret(other, me)} for other in others),
            {
                "client_id": meo_client(me),
                "client_secret": _secret(meo_client(me), me),
                "scopes": ["sbi-cr"],
            },
            {
                "client_id": PROVIDER_CLIENT,
                "client_secret": provider_secret(me),
                "scopes": NBI_SCOPES.split(),
            },
        ],
        "partners": [
            {
                "id": other,
                "ewbi_base_url": f"{ewbi_origin(other)}/operatorplatform/federation/v1",
                "token_url": f"{ewbi_origin(other)}/oauth2/token",
                "tls": partner_tls(lab, me) if lab is not None else None,
                "client_id": me,
                "client_secret": _secret(me, other),
                "network_ids": [COUNTRIES[ids.index(other) % len(COUNTRIES)][1]],
            }
            for other in others
        ],
        "outbox": {
            "poll_interval": 0.2,
            "base_delay": 0.2,
            "max_delay": 2.0,
            "breaker_cooldown": 2.0,
        },
        "log_level": "WARNING",
        "outbound": LOOPBACK,  # every peer runs on this machine
    }
    if lab is not None:
        data.update(op_tls(lab, me, ports[me]["op"], ports[me]["partner"]))
    data.update(overrides)
    return Settings.model_validate(data)


def build(
    count: int,
    folder: Path,
    *,
    databases: list[str] | None = None,
    overrides: dict[str, dict[str, Any]] | None = None,
    tls: bool = False,
) -> list[Operator]:
    """``count`` operators with fresh ports; ``overrides`` per operator id go to its settings.
    With ``tls``, a lab CA in ``folder`` and mutual TLS between the OPs (``demo.lab_tls``)."""
    ids = [f"op-{n + 1}" for n in range(count)]
    names = ("op", "partner", "meo", "mepm", "nef")
    ports = {i: {name: free_port() for name in names} for i in ids}
    lab = make_lab_tls(folder, ids) if tls else None
    sites = {
        me: {
            zone: make_site(zone, free_port(), folder / "pki", lab.ca if lab else None)
            for city, _, _ in COUNTRIES[index % len(COUNTRIES)][2]
            for zone in [zone_id(me, city)]
        }
        for index, me in enumerate(ids)
    }
    outbox = OutboxConfig(base_delay=0.2, max_delay=2.0, jitter=0.2, poll_interval=0.2)
    operators = []
    for index, me in enumerate(ids):
        settings = operator_settings(
            index,
            ids,
            ports,
            folder,
            database_url=databases[index] if databases else None,
            lab=lab,
            sites=sites[me],
            **(overrides or {}).get(me, {}),
        )
        meo_config = MeoConfig(
            network_id=settings.mobile_network_ids[0],
            database=str(folder / f"{me}-meo.db"),
            port=ports[me]["meo"],
            op_url=f"{settings.base_url}/sbi-cr/v1",
            op_token_url=f"{settings.base_url}/oauth2/token",
            ca_file=lab.verify() if lab is not None else None,
            op_client_id=meo_client(me),
            op_client_secret=_secret(meo_client(me), me),
            mepm_url=f"http://127.0.0.1:{ports[me]['mepm']}",
            url_policy=Policy.loopback(),  # everything runs on this machine
            outbox=outbox,
        )
        mepm_config = MepmConfig(database=str(folder / f"{me}-mepm.db"), port=ports[me]["mepm"])
        nef = nef_config(settings, ports[me]["nef"], lab.verify() if lab is not None else None)
        operators.append(
            Operator(
                index=index,
                operator_id=me,
                country=settings.country_code,
                network_id=settings.mobile_network_ids[0],
                settings=settings,
                op=Server(
                    f"{me}", ports[me]["op"], lambda s=settings: create_op(s), settings=settings
                ),
                meo=Server(f"meo-{me}", ports[me]["meo"], lambda c=meo_config: create_meo(c)),
                mepm=Server(f"mepm-{me}", ports[me]["mepm"], lambda c=mepm_config: create_mepm(c)),
                nef=Server(f"nef-{me}", ports[me]["nef"], lambda c=nef: create_nef(c)),
                ca_file=lab.verify() if lab is not None else None,
                sites=[
                    (
                        site,
                        Server(f"site-{zone}", site.port, site.app, ssl_context=site.ssl_context()),
                    )
                    for zone, site in sites[me].items()
                ],
            )
        )
    return operators


async def start_all(operators: list[Operator]) -> None:
    for operator in operators:
        await operator.nef.start()
        for _, server in operator.sites:
            await server.start()
        await operator.mepm.start()
        await operator.meo.start()
        await operator.op.start()


async def stop_all(operators: list[Operator]) -> None:
    for operator in operators:
        for server in (operator.op, operator.meo, operator.mepm, operator.nef):
            await server.stop()
        for _, server in operator.sites:
            await server.stop()
