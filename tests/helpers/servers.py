"""Running real servers on loopback for tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx
from aiohttp import web

from op_platform.app import create_app
from op_platform.demo.topology import LOOPBACK
from op_platform.listeners import start_sites
from op_platform.platform import Platform
from op_platform.ports import free_port
from op_platform.settings import Settings

TEST_CLIENT = "test-client"
TEST_SECRET = "test-client-secret"
TEST_SCOPES = ["fed-mgmt", "simple-edge-discovery:read", "sbi-cr", "sbi-nr"]
NBI_SCOPES = [
    f"edge-application-management:{resource}:{action}"
    for resource, actions in (
        ("apps", ("write", "read", "delete")),
        ("instances", ("write", "read", "delete")),
        ("deployments", ("write", "read", "update", "delete")),
        ("clusters", ("read",)),
        ("edge-cloud-zones", ("read",)),
    )
    for action in actions
]
QOD_SCOPES = [
    f"quality-on-demand:sessions:{action}"
    for action in ("create", "read", "delete", "update", "retrieve-by-device")
]
TI_SCOPES = [
    f"traffic-influence:{scope}"
    for scope in (
        "traffic-influences:read",
        "traffic-influences:write",
        "traffic-influences:update",
        "traffic-influences:delete",
        "traffic-influence-devices:write",
    )
]
TEST_SCOPES += NBI_SCOPES + QOD_SCOPES + TI_SCOPES


@dataclass
class Running:
    """An aiohttp application served on 127.0.0.1."""

    app: web.Application
    port: int
    runner: web.AppRunner | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> Running:
        self.runner = web.AppRunner(self.app, access_log=None, shutdown_timeout=2.0)
        await self.runner.setup()
        await web.TCPSite(self.runner, "127.0.0.1", self.port).start()
        return self

    async def stop(self) -> None:
        if self.runner is not None:
            await self.runner.cleanup()
            self.runner = None


async def serve(app: web.Application, port: int | None = None) -> Running:
    return await Running(app, port or free_port()).start()


def op_settings(
    database_url: str, port: int, operator_id: str = "op-test", **overrides: Any
) -> Settings:
    data: dict[str, Any] = {
        "operator_id": operator_id,
        "country_code": "ES",
        "mobile_network_ids": ["21401"],
        "listen": {"host": "127.0.0.1", "port": port},
        "public_base_url": f"http://127.0.0.1:{port}",
        "database_url": database_url,
        "outbound": LOOPBACK,
        "clients": [
            {"client_id": TEST_CLIENT, "client_secret": TEST_SECRET, "scopes": TEST_SCOPES}
        ],
        "zones": [
            {
                "zone_id": "zone-1",
                "geography_details": "Madrid, ES",
                "latitude": 40.4168,
                "longitude": -3.7038,
                "region": "es-central",
            },
            {
                "zone_id": "zone-2",
                "geography_details": "Barcelona, ES",
                "latitude": 41.3874,
                "longitude": 2.1686,
                "region": "es-east",
            },
        ],
    }
    data.update(overrides)
    return Settings.model_validate(data)


@dataclass
class RunningOp(Running):
    """An OP on loopback; ``restart`` brings it back on the same port and database."""

    settings: Settings | None = None
    http: httpx.AsyncClient | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def url(self) -> str:
        assert self.settings is not None
        scheme = "https" if self.settings.listen.tls is not None else "http"
        return f"{scheme}://127.0.0.1:{self.port}"

    async def start(self) -> RunningOp:
        """Start with the OP's own listeners (TLS, the partner port), as ``serve`` does."""
        assert self.settings is not None
        self.runner = web.AppRunner(self.app, access_log=None, shutdown_timeout=2.0)
        await self.runner.setup()
        await start_sites(self.runner, self.settings, port=self.port)
        return self

    async def restart(self) -> RunningOp:
        await self.stop()
        assert self.settings is not None
        self.app = create_app(self.settings, http=self.http)
        await self.start()
        return self


async def start_op(settings: Settings, http: httpx.AsyncClient | None = None) -> RunningOp:
    op = RunningOp(
        create_app(settings, http=http), settings.listen.port, settings=settings, http=http
    )
    await op.start()
    return op


def bare_platform(**parts: Any) -> Platform:
    """What the root middleware needs of a running OP (metrics, a database that opens units of
    work), for tests of one piece mounted on a bare application; ``parts`` add the rest."""
    from types import SimpleNamespace
    from typing import cast

    from op_platform.db.engine import UnitOfWork
    from op_platform.metrics import Metrics

    database = parts.pop("database", None)
    units = SimpleNamespace(unit=lambda: UnitOfWork(database))  # type: ignore[arg-type]
    return cast(Platform, SimpleNamespace(metrics=Metrics(), database=units, **parts))
