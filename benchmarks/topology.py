"""Two operators on loopback, every server its own process started by the project's commands:
per operator an OP (``op-platform serve``), a MEO and a MEPM (``mec-mocks``). The settings are
the demo's (``op_platform.demo.topology``: each OP the other's partner, the MEO an OAuth client of
its OP, outbound URL policy open to loopback only), passed as ``OP_*`` variables, plus one NBI
client for the read benchmarks. Databases: SQLite files, or fresh PostgreSQL databases."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import asyncpg
import httpx

from benchmarks.procs import BIN, Child, Processes
from op_platform.demo.processes import settings_env
from op_platform.demo.topology import Operator, build, meo_client
from op_platform.roots import ADMIN, EWBI, NBI, OAUTH_TOKEN
from op_platform.settings import Client

NBI_CLIENT = "bench-app"
NBI_SECRET = "bench-app-secret"
NBI_SCOPE = "edge-application-management:edge-cloud-zones:read"
POSTGRES = os.environ.get(
    "OP_BENCH_DATABASE_URL",
    os.environ.get("OP_TEST_DATABASE_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"),
)


def op_env(op: Operator) -> dict[str, str]:
    """The OP's settings as ``OP_*`` variables, with the benchmark's NBI client added."""
    reader = Client(client_id=NBI_CLIENT, client_secret=NBI_SECRET, scopes=[NBI_SCOPE])
    return settings_env(op.settings.model_copy(update={"clients": [*op.settings.clients, reader]}))


def _dsn(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://", 1)


async def create_postgres() -> str:
    name = f"op_bench_{uuid.uuid4().hex[:10]}"
    connection = await asyncpg.connect(_dsn(POSTGRES))
    try:
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()
    return POSTGRES.rsplit("/", 1)[0] + "/" + name


async def drop_postgres(url: str) -> None:
    connection = await asyncpg.connect(_dsn(POSTGRES))
    try:
        name = url.rsplit("/", 1)[1]
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await connection.close()


async def postgres_available() -> str | None:
    """None when PostgreSQL answers, else why not."""
    try:
        connection = await asyncpg.connect(_dsn(POSTGRES), timeout=5)
    except (OSError, asyncpg.PostgresError) as exc:
        return f"PostgreSQL at {POSTGRES} unreachable: {exc}"
    await connection.close()
    return None


Seed = Callable[["Topology"], Awaitable[None]]


@dataclass
class Federation:
    """op-1 federated with op-2: what op-1 reads op-2's zones with."""

    context_id: str
    zone_id: str


class Topology:
    """``async with Topology(...) as t``: the servers are up; on exit they are stopped."""

    def __init__(
        self, folder: Path, database: str, *, seed: Seed | None = None, name: str = "fed"
    ) -> None:
        self.folder = folder / name
        self.folder.mkdir(parents=True, exist_ok=True)
        self.database = database
        self.seed = seed
        self.processes = Processes(self.folder)
        self.urls: list[str] = []
        self.ops: list[Operator] = []
        self.op_children: list[Child] = []

    async def __aenter__(self) -> Topology:
        try:
            await self._start()
        except BaseException:
            await self.close()
            raise
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def _start(self) -> None:
        if self.database == "postgresql":
            self.urls = [await create_postgres() for _ in range(2)]
        self.ops = build(2, self.folder, databases=self.urls or None)
        await asyncio.gather(*(self._upgrade(op) for op in self.ops))
        if self.seed is not None:
            await self.seed(self)
        self.op_children = list(await asyncio.gather(*(self._serve(op) for op in self.ops)))

    async def _upgrade(self, op: Operator) -> None:
        argv = [str(BIN / "op-platform"), "db", "upgrade"]
        upgrade = await self.processes.start(
            f"{op.operator_id}-upgrade", argv, None, env=op_env(op)
        )
        if await upgrade.process.wait() != 0:
            raise RuntimeError(upgrade.log.read_text(errors="replace")[-2000:])

    async def _serve(self, op: Operator) -> Child:
        """The operator's MEPM, MEO and OP, in that order; the OP's process."""
        me, mocks = op.operator_id, [str(BIN / "mec-mocks"), "--log-level", "WARNING"]
        mepm = ["mepm", "--port", str(op.mepm.port)]
        mepm += ["--database", str(self.folder / f"{me}-mepm.db")]
        await self.processes.start(f"{me}-mepm", mocks + mepm, f"{op.mepm.url}/healthz")
        meo = ["meo", "--network-id", op.network_id, "--port", str(op.meo.port)]
        meo += ["--op-url", f"{op.op.url}/sbi-cr/v1", "--mepm-url", op.mepm.url]
        meo += ["--database", str(self.folder / f"{me}-meo.db")]
        meo += ["--retry-base-delay", "0.2", "--retry-max-delay", "2"]
        meo += ["--allow-http", "--allow-network", "127.0.0.0/8"]  # every peer is on loopback
        meo += ["--op-token-url", f"{op.op.url}{OAUTH_TOKEN}", "--op-client-id", meo_client(me)]
        meo_env = {**os.environ, "MEO_OP_CLIENT_SECRET": meo_secret(op)}
        await self.processes.start(
            f"{me}-meo", mocks + meo, f"{op.meo_api}/app_packages", env=meo_env
        )
        serve = [str(BIN / "op-platform"), "serve"]
        return await self.processes.start(me, serve, f"{op.op.url}/readyz", env=op_env(op))

    async def close(self) -> None:
        await self.processes.stop()
        for url in self.urls:
            await drop_postgres(url)
        self.urls = []

    async def federate(self, http: httpx.AsyncClient) -> Federation:
        """op-1 creates a federation at op-2 and subscribes to every zone it offers."""
        one, two = self.ops
        answer = await http.post(
            f"{one.op.url}{ADMIN}/federations",
            json={"partnerId": two.operator_id, "subscribeZones": True},
        )
        if answer.status_code != 201:
            raise RuntimeError(f"federation: {answer.status_code} {answer.text}")
        row = answer.json()
        return Federation(row["federation_context_id"], two.settings.zones[0].zone_id)

    async def partner_token(self, http: httpx.AsyncClient) -> str:
        """A token op-2 issues to op-1 (op-1's client credentials at op-2)."""
        one, two = self.ops
        partner = next(p for p in one.settings.partners if p.id == two.operator_id)
        return await token(
            http, two.op.url, one.operator_id, partner.client_secret.get_secret_value()
        )

    def zone_url(self, federation: Federation) -> str:
        two = self.ops[1]
        return f"{two.op.url}{EWBI}/{federation.context_id}/zones/{federation.zone_id}"

    def nbi_zones_url(self) -> str:
        return f"{self.ops[1].op.url}{NBI}/edge-cloud-zones"


def meo_secret(op: Operator) -> str:
    client = next(c for c in op.settings.clients if c.client_id == meo_client(op.operator_id))
    return client.client_secret.get_secret_value()


async def token(
    http: httpx.AsyncClient, base: str, client: str, secret: str, scope: str = "fed-mgmt"
) -> str:
    answer = await http.post(
        base + OAUTH_TOKEN,
        data={"grant_type": "client_credentials", "scope": scope},
        auth=(client, secret),
    )
    if answer.status_code != 200:
        raise RuntimeError(f"token from {base}: {answer.status_code} {answer.text}")
    value: str = answer.json()["access_token"]
    return value
