"""Watching one zone's edge site: a pass of its background worker.

A pass logs in when it must, subscribes to the gateway's EventService when events are wanted and
no subscription stands (the push carries the site's receiver token), then reads either the whole
site (every ``poll_interval``: reconciliation, and the fallback when events are off or lost) or
only the nodes that pushed events named since the last pass. Once the nodes are known, a read
fetches only what moves (:mod:`.telemetry`). Each reading feeds the trends,
is judged, and is applied to the zone in one transaction (:mod:`.site_state`).

Nothing is polled more often than configured: an event leads to reading the nodes it names, not
to a poll of the site.
"""

from __future__ import annotations

import asyncio
import logging
import time
import zlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from op_platform.clients.call import PeerError
from op_platform.clients.redfish_views import event_records
from op_platform.db.engine import Database
from op_platform.errors import OpError
from op_platform.services.edge.prediction import Trends
from op_platform.services.edge.readings import NodeReading, node_reading, touched
from op_platform.services.edge.site_state import Judged, Outcome, apply
from op_platform.services.edge.telemetry import Inventory, read_node, survey, systems_listing
from op_platform.settings import EdgeSite, Settings
from perimeter import UrlRefused, check_url

if TYPE_CHECKING:  # the client (and DMTF's library) loads only when a zone has a site
    from op_platform.clients.redfish import RedfishGateway

log = logging.getLogger(__name__)

INVENTORY_EVERY = 20
"""Every 20th poll is a full read (sizes, thresholds, links); the others read only what moves."""


@dataclass
class SiteStatus:
    """What the last passes found, for ``/metrics`` and the admin API."""

    reachable: bool = False
    subscribed: bool = False
    polls: int = 0
    full_reads: int = 0
    """Polls that read everything (the first, then every ``INVENTORY_EVERY``-th)."""
    event_reads: int = 0
    events_received: int = 0
    last_error: str | None = None
    outcome: Outcome | None = None
    nodes: dict[str, Judged] = field(default_factory=dict)


def _nothing() -> None:
    return None


@dataclass(eq=False)
class SiteWatcher:
    """One zone's site: its gateway, where the site pushes events (``receiver_url``, with
    ``token``), and what the passes learnt. ``wake`` runs the worker's next pass now."""

    zone_id: str
    site: EdgeSite
    gateway: RedfishGateway
    database: Database
    settings: Settings
    receiver_url: str
    token: str
    wake: Callable[[], None] = _nothing
    status: SiteStatus = field(default_factory=SiteStatus)
    subscription: str | None = None
    trends: Trends = field(init=False)
    _logged_in: bool = field(default=False, init=False)
    _pending: set[str] = field(default_factory=set, init=False)
    _next_poll: float | None = field(default=None, init=False)
    """When the next poll is due (``time.monotonic()``): polls keep a fixed rate, each due one
    interval after the previous one was due, so a late start does not push the rest back."""
    _inventory: dict[str, Inventory] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        self.trends = Trends(self.settings.edge.trend_samples)

    # -- events -------------------------------------------------------------------------------
    def received(self, body: dict[str, Any]) -> int:
        """A pushed Redfish event: note the nodes it names and wake the worker; how many."""
        named = touched(event_records(body))
        self.status.events_received += 1
        if named:
            self._pending |= named
            self.wake()
        return len(named)

    # -- a pass -------------------------------------------------------------------------------
    async def run_pass(self) -> int:
        try:
            check_url(str(self.site.url), self.settings.outbound, field="edge_site.url")
            due = self.seconds_to_poll() == 0
            if not due and not self._pending:
                return 0
            if due:  # a poll that fails counts too: the next one waits its interval
                self._schedule_next()
            await self._connect(check=due)
            if due:
                self._pending.clear()
                readings, complete = await self._poll(), True
            elif self._pending:
                named, self._pending = self._pending, set()
                readings, complete = await self._read(named), False
            else:
                return 0
            self.status.reachable, self.status.last_error = True, None
        except (OpError, UrlRefused) as exc:
            self.status.reachable, self.status.last_error = False, str(exc)
            log.warning("edge site unreadable", extra={"zone": self.zone_id, "error": str(exc)})
            return 0
        await self._judge_and_apply(readings, complete)
        if complete:
            self.status.polls += 1  # counted once applied: a reader of the count sees its effect
        else:
            self.status.event_reads += 1
        return 0

    def seconds_to_poll(self) -> float:
        """How long until the next poll is due (0: now); the worker sleeps that long."""
        if self._next_poll is None:
            return 0.0
        return max(0.0, self._next_poll - time.monotonic())

    @property
    def phase(self) -> float:
        """Where in the interval this site's polls fall after the first (which is at once):
        spread by zone id, so that sites started together do not all poll at the same moment
        and a poll that finds a node down has the OP's loop to itself."""
        return zlib.crc32(self.zone_id.encode()) % 1000 / 1000 * self.site.poll_interval

    def _schedule_next(self) -> None:
        now, interval = time.monotonic(), self.site.poll_interval
        due = now + self.phase if self._next_poll is None else self._next_poll
        # A poll started more than an interval late (a slow read, a busy loop) skips the polls
        # it missed rather than running them back to back: never more often than configured.
        self._next_poll = due + interval if due + interval > now else now + interval

    async def _connect(self, *, check: bool) -> None:
        if not self._logged_in:
            await self.gateway.login()
            self._logged_in = True
        if check and self.subscription is not None and not await self._still_subscribed():
            self.subscription = None
        if self.site.events and self.subscription is None and check:
            try:
                self.subscription = await self.gateway.subscribe(
                    self.receiver_url,
                    context=f"zone:{self.zone_id}",
                    headers={"Authorization": f"Bearer {self.token}"},
                )
                self.status.subscribed = True
            except OpError as exc:
                log.warning(
                    "edge site subscription failed; polling only",
                    extra={"zone": self.zone_id, "error": str(exc)},
                )

    async def _still_subscribed(self) -> bool:
        """The gateway still has our subscription (it drops one after failed deliveries)."""
        assert self.subscription is not None
        try:
            await self.gateway.get(self.subscription.removeprefix(self.gateway.base_url))
        except PeerError as exc:
            if exc.peer_status == 404:
                log.info("edge site dropped our subscription", extra={"zone": self.zone_id})
                self.status.subscribed = False
                return False
            raise
        return True

    async def _poll(self) -> list[NodeReading]:
        """Every node: the cheap read when each is known, else (and every
        ``INVENTORY_EVERY``-th poll) the full one. Either way, the known nodes whose power state
        or health moved since their last reading (the site's systems come in one request when
        the gateway expands) are read and applied first: a node that went down reaches the zone
        a few requests into the poll, not after the whole site is read."""
        if not self._inventory:
            return await self._full()
        uris, systems = await systems_listing(self.gateway)
        known = {node.system_uri: node for node in self._inventory.values()}
        nodes = [known[uri] for uri in uris if uri in known and known[uri].cheap]

        def read(node: Inventory) -> Awaitable[NodeReading]:
            return read_node(self.gateway, node, systems.get(node.system_uri))

        moved = [node for node in nodes if self._moved(node, systems.get(node.system_uri))]
        first: list[NodeReading] = list(await asyncio.gather(*map(read, moved)))
        if first:
            await self._judge_and_apply(first, complete=False)
        if len(nodes) < len(uris) or not self.status.polls % INVENTORY_EVERY:
            return await self._full()
        rest = await asyncio.gather(*(read(node) for node in nodes if node not in moved))
        return first + list(rest)

    def _moved(self, node: Inventory, system: dict[str, Any] | None) -> bool:
        last = self.status.nodes.get(node.node_id)
        if system is None or last is None:
            return False
        health = (system.get("Status") or {}).get("Health")
        return (system.get("PowerState"), health) != (last.reading.power_state, last.reading.health)

    async def _full(self) -> list[NodeReading]:
        self.status.full_reads += 1
        surveyed = await survey(self.gateway)
        self._inventory = {reading.node_id: node for reading, node in surveyed}
        return [reading for reading, _ in surveyed]

    async def _read(self, named: set[str]) -> list[NodeReading]:
        """The known nodes behind the ``Systems``/``Chassis`` members events named (a node not
        known yet is found by the next poll)."""
        by_uri: dict[str, Inventory] = {}
        for node in self._inventory.values():
            by_uri[node.system_uri] = node
            if node.chassis_uri is not None:
                by_uri[node.chassis_uri] = node
        nodes = {by_uri[uri].node_id: by_uri[uri] for uri in named if uri in by_uri}
        found = await asyncio.gather(*(self._one(node) for node in nodes.values()))
        return list(found)

    async def _one(self, node: Inventory) -> NodeReading:
        if node.cheap:
            return await read_node(self.gateway, node)
        return node_reading(await self.gateway.system(node.system_uri), None)

    async def _judge_and_apply(self, readings: list[NodeReading], complete: bool) -> None:
        horizon = self.settings.edge.prediction_horizon
        judged = []
        for reading in readings:
            self.trends.add(reading)
            judged.append(Judged(reading, self.trends.predict(reading, horizon)))
        if complete:
            for gone in set(self.status.nodes) - {r.node_id for r in readings}:
                self.trends.forget(gone)
                del self.status.nodes[gone]
        self.status.nodes.update({j.reading.node_id: j for j in judged})
        async with self.database.transaction() as session:
            outcome = await apply(session, self.settings, self.zone_id, judged, complete=complete)
        if outcome is not None:
            self.status.outcome = outcome

    async def close(self) -> None:
        """Remove the subscription and log out (best effort: the gateway may be gone)."""
        if self.subscription is not None:
            try:
                await self.gateway.unsubscribe(self.subscription)
            except OpError as exc:
                log.info("edge site unsubscribe failed", extra={"error": str(exc)})
            self.subscription = None
        if self._logged_in:
            await self.gateway.logout()
            self._logged_in = False
