"""Several operators on loopback: each an OP, a MEO and a MEPM, with SQLite files in one folder.

Operators are ``op-1``, ``op-2``, ...; each is the other's partner (clients and partners
configured both ways), each has two zones and its own PLMN. Everything runs in the caller's
event loop; each server can be stopped and started again on the same port and database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiohttp import web

from mec_mocks.common.outbox import OutboxConfig
from mec_mocks.meo import MeoConfig
from mec_mocks.meo import create_app as create_meo
from mec_mocks.mepm.app import MepmConfig
from mec_mocks.mepm.app import create_app as create_mepm
from op_platform.app import create_app as create_op
from op_platform.ports import free_port
from op_platform.settings import Settings
from perimeter import Policy

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

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def running(self) -> bool:
        return self.runner is not None

    async def start(self) -> None:
        self.app = self.factory()
        self.runner = web.AppRunner(self.app, access_log=None, shutdown_timeout=2.0)
        await self.runner.setup()
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
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def meo_api(self) -> str:
        return self.meo.url + "/app_pkgm/v1"


def _secret(client: str, server: str) -> str:
    return f"{client}-at-{server}-demo-secret"


def operator_settings(
    index: int,
    ids: list[str],
    ports: dict[str, dict[str, int]],
    folder: Path,
    database_url: str | None = None,
    **overrides: Any,
) -> Settings:
    me = ids[index]
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
        "data_dir": str(folder / f"{me}-data"),
        "zones": [
            {
                "zone_id": f"{me}-{city.lower()}",
                "geography_details": f"{city}, {country}",
                "latitude": lat,
                "longitude": lon,
                "region": f"{country.lower()}-{n + 1}",
            }
            for n, (city, lat, lon) in enumerate(cities)
        ],
        "clients": [{"client_id": other, "client_secret": _secret(other, me)} for other in others],
        "partners": [
            {
                "id": other,
                "ewbi_base_url": f"http://127.0.0.1:{ports[other]['op']}/operatorplatform/federation/v1",
                "token_url": f"http://127.0.0.1:{ports[other]['op']}/oauth2/token",
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
    }
    data.update(overrides)
    return Settings.model_validate(data)


def build(
    count: int,
    folder: Path,
    *,
    databases: list[str] | None = None,
    overrides: dict[str, dict[str, Any]] | None = None,
) -> list[Operator]:
    """``count`` operators with fresh ports; ``overrides`` per operator id go to its settings."""
    ids = [f"op-{n + 1}" for n in range(count)]
    ports = {i: {"op": free_port(), "meo": free_port(), "mepm": free_port()} for i in ids}
    outbox = OutboxConfig(base_delay=0.2, max_delay=2.0, jitter=0.2, poll_interval=0.2)
    operators = []
    for index, me in enumerate(ids):
        settings = operator_settings(
            index,
            ids,
            ports,
            folder,
            database_url=databases[index] if databases else None,
            **(overrides or {}).get(me, {}),
        )
        meo_config = MeoConfig(
            network_id=settings.mobile_network_ids[0],
            database=str(folder / f"{me}-meo.db"),
            port=ports[me]["meo"],
            op_url=f"http://127.0.0.1:{ports[me]['op']}/sbi-cr/v1",
            mepm_url=f"http://127.0.0.1:{ports[me]['mepm']}",
            url_policy=Policy.loopback(),  # everything runs on this machine
            outbox=outbox,
        )
        mepm_config = MepmConfig(database=str(folder / f"{me}-mepm.db"), port=ports[me]["mepm"])
        operators.append(
            Operator(
                index=index,
                operator_id=me,
                country=settings.country_code,
                network_id=settings.mobile_network_ids[0],
                settings=settings,
                op=Server(f"{me}", ports[me]["op"], lambda s=settings: create_op(s)),
                meo=Server(f"meo-{me}", ports[me]["meo"], lambda c=meo_config: create_meo(c)),
                mepm=Server(f"mepm-{me}", ports[me]["mepm"], lambda c=mepm_config: create_mepm(c)),
            )
        )
    return operators


async def start_all(operators: list[Operator]) -> None:
    for operator in operators:
        await operator.mepm.start()
        await operator.meo.start()
        await operator.op.start()


async def stop_all(operators: list[Operator]) -> None:
    for operator in operators:
        for server in (operator.op, operator.meo, operator.mepm):
            await server.stop()
