"""The running OP: one object built in one place, holding everything requests and background
jobs need.

:func:`open_platform` builds it in order (database and migrations, configured zones, the HTTP
client (and, when a zone names an edge site, the one aiohttp session toward every Redfish
gateway), the security service and outbound tokens, the outbox with its handlers, the callback
listeners, the background workers, among them one watcher per edge site), wires the pieces
together (``op_platform.wiring``), starts the workers and, on exit, stops them in reverse
order. Nothing here is global: two OPs built in one process share no state. Handlers reach it
through the one app key ``keys.PLATFORM``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import httpx

from op_platform.clients.outbound_tokens import TokenProviders
from op_platform.clients.peer_clients import PeerClients
from op_platform.db.engine import Database
from op_platform.db.read_cache import ReadCache
from op_platform.metrics import Metrics
from op_platform.outbox import OutboxHandlers
from op_platform.outbox.worker import OutboxWorker
from op_platform.security.service import SecurityService
from op_platform.services.applications.storage import Storage
from op_platform.services.deps import Deps
from op_platform.services.federation.received_callbacks import CallbackListeners
from op_platform.services.zones import inventory as zones
from op_platform.settings import Settings
from op_platform.workers.edge_sites import EdgeSites
from op_platform.workers.loop import Worker

log = logging.getLogger(__name__)

# Tables behind reads served from memory (``Platform.reads``): a change to one of them, on any
# replica, drops what was cached from it (``db/generations.py``).
CACHED_TABLES = (
    "federation",
    "federation_zone_subscription",
    "zone",
    "partner_federation",
    "app_instance",
    "resource_pool",
)


@dataclass
class Platform:
    settings: Settings
    database: Database
    http: httpx.AsyncClient
    metrics: Metrics
    security: SecurityService
    tokens: TokenProviders
    storage: Storage
    peers: PeerClients
    reads: ReadCache = field(default_factory=ReadCache)
    outbox_handlers: OutboxHandlers = field(default_factory=OutboxHandlers)
    listeners: CallbackListeners = field(default_factory=CallbackListeners)
    edge: EdgeSites = field(default_factory=EdgeSites)
    redfish: aiohttp.ClientSession | None = None
    """The one HTTP session toward every edge site's gateway (only when a zone names a site)."""
    outbox: OutboxWorker = field(init=False)
    workers: dict[str, Worker] = field(default_factory=dict)
    tasks: list[asyncio.Task[None]] = field(default_factory=list)
    _pending: list[tuple[Callable[[], Coroutine[Any, Any, None]], str]] = field(
        default_factory=list
    )

    def __post_init__(self) -> None:
        self.database.generations.listen(self.reads.invalidate)
        self.outbox = OutboxWorker(
            self.database,
            self.http,
            self.settings.outbox,
            self.metrics,
            self.outbox_handlers,
            route=self.peers.for_url,
        )

    @property
    def deps(self) -> Deps:
        """The dependency bundle handed to services."""
        return Deps(
            self.database, self.settings, self.http, self.tokens, self.peers.for_url, self.reads
        )

    def wake(self, worker: str) -> None:
        """Tell a background worker that something is due now (no-op when it is not running)."""
        found = self.workers.get(worker)
        if found is not None:
            found.wake()

    def background(self, work: Callable[[], Coroutine[Any, Any, None]], name: str) -> None:
        """Run ``work`` as a task from start to stop (one-off jobs such as the MEO
        subscription)."""
        self._pending.append((work, name))

    async def start(self) -> None:
        for work, name in self._pending:
            self.tasks.append(asyncio.create_task(work(), name=name))
        self._pending.clear()
        if self.settings.outbox.enabled:
            await self.outbox.start()
        for worker in self.workers.values():
            worker.start()

    async def stop(self) -> None:
        for task in self.tasks:
            task.cancel()
        for task in self.tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        for worker in reversed(list(self.workers.values())):
            await worker.stop()
        await self.outbox.stop()


@contextlib.asynccontextmanager
async def open_platform(
    settings: Settings, *, http: httpx.AsyncClient | None = None
) -> AsyncIterator[Platform]:
    """Build, wire and start the OP; stop and close everything on exit.

    ``http``: the client for every outbound call (tests pass one); when None the OP makes its
    own, one per peer TLS setup, all under the outbound policy (``clients/peer_clients.py``),
    and closes them on exit.
    """
    from op_platform.wiring import wire  # wiring imports the services that the OP plugs in

    database = Database(settings.database_url, watched=CACHED_TABLES)
    peers = PeerClients(settings, http)
    client = peers.default
    redfish = None
    if any(zone.edge_site is not None for zone in settings.zones):
        redfish = aiohttp.ClientSession(
            # each gateway bounds its own requests (edge.requests_per_site), not a shared pool
            connector=aiohttp.TCPConnector(limit=0),
            timeout=aiohttp.ClientTimeout(total=settings.edge.timeout),
        )
    try:
        await database.upgrade()
        await database.poll_generations()  # what every later poll compares with
        async with database.transaction() as session:
            await database.one_replica_at_a_time(session)
            await zones.sync_configured(session, settings.zones)
        log.info("database ready", extra={"dialect": "sqlite" if database.is_sqlite else "pg"})
        security = SecurityService.from_settings(database, settings)
        await security.bootstrap(SecurityService.specs_from_settings(settings))
        platform = Platform(
            settings=settings,
            database=database,
            http=client,
            metrics=Metrics(),
            security=security,
            tokens=TokenProviders(client, peers.for_url),
            storage=Storage.from_settings(settings),
            peers=peers,
            redfish=redfish,
        )
        wire(platform)
        await platform.start()
        try:
            yield platform
        finally:
            await platform.stop()
            await platform.edge.close()
    finally:
        if redfish is not None:
            await redfish.close()
        await peers.aclose()
        await database.close()
