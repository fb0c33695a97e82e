"""Several operators on loopback: each an OP, a MEO, a MEPM and a NEF, with SQLite files in one
folder.

Operators are ``op-1``, ``op-2``, ...; each is the other's partner (clients and partners
configured both ways), each has two zones, its own PLMN and its own NEF (each zone served by
one DNAI of that NEF, the OP its AF). Everything runs in the caller's
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

    @property
    def url(self) -> str:
        tls = self.settings is not None and self.settings.listen.tls is not None
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
            await web.TCPSite(self.runner, "127.0.0.1", self.port).start()

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

    def verify(self, cert: tuple[str, str] | None = None) -> ssl.SSLContext | bool:
        """What a client verifies this operator's OP with (and presents, with ``cert``)."""
        return client_context(self.ca_file, cert) if self.ca_file else True

    @property
    def meo_api(self) -> str:
        return self.meo.url + "/app_pkgm/v1"


def dnai(zone_id: str) -> str:
    """The DNAI of the operator's NEF that serves one of its zones."""
    return f"dnai-{zone_id}"


def nef_config(settings: Settings, port: int) -> NefConfig:
    """The operator's NEF: one site per zone of its OP, the OP as its AF."""
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
        }
    )


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
                "zone_id": f"{me}-{city.lower()}",
                "geography_details": f"{city}, {country}",
                "latitude": lat,
                "longitude": lon,
                "region": f"{country.lower()}-{n + 1}",
                "dnai": dnai(f"{me}-{city.lower()}"),
            }
            for n, (city, lat, lon) in enumerate(cities)
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
        nef = nef_config(settings, ports[me]["nef"])
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
            )
        )
    return operators


async def start_all(operators: list[Operator]) -> None:
    for operator in operators:
        await operator.nef.start()
        await operator.mepm.start()
        await operator.meo.start()
        await operator.op.start()


async def stop_all(operators: list[Operator]) -> None:
    for operator in operators:
        for server in (operator.op, operator.meo, operator.mepm, operator.nef):
            await server.stop()
