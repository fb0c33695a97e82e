"""The running site Gateway: the site model, the simulated clock that moves it, the
EventService its BMCs report through, the sessions, and the state of its link.

Simulated time runs ``time_scale`` times real time (a background task steps the model every
``tick_interval`` real seconds), plus whatever :meth:`Gateway.advance` adds. The model always
moves in steps of one simulated second, so the same seed and the same advances give the same
readings and events whatever the tick grouping.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from mec_mocks.edge_site import faults, thermal
from mec_mocks.edge_site.config import EdgeSiteConfig
from mec_mocks.edge_site.events import EventService, RetryPolicy
from mec_mocks.edge_site.model import Node, Occurrence, Site, build_site
from mec_mocks.edge_site.sessions import Sessions

log = logging.getLogger(__name__)

MAX_STEPS_PER_TICK = 86400


class Gateway:
    def __init__(self, config: EdgeSiteConfig) -> None:
        self.config = config
        self.site: Site = build_site(
            config.site_id, config.site_profile(), config.nodes, seed=config.seed
        )
        if config.ambient_c is not None:
            self.site.ambient_c = config.ambient_c
        thermal.settle(self.site)
        self.epoch = datetime.now(UTC).replace(microsecond=0)
        self.sessions = Sessions(config.user, config.password, config.session_timeout)
        self.events = EventService(
            self.timestamp,
            self.link_up,
            retry=RetryPolicy(config.event_retry_attempts, config.event_retry_interval),
            timeout=config.event_timeout,
        )
        self._real_start = time.monotonic()
        self._offset = 0.0
        self._down_until = 0.0
        self._task: asyncio.Task[None] | None = None

    # -- time ---------------------------------------------------------------------------------
    def now(self) -> datetime:
        return self.epoch + timedelta(seconds=self.site.sim_seconds)

    def timestamp(self) -> str:
        return self.now().isoformat().replace("+00:00", "Z")

    def _due(self) -> float:
        return (time.monotonic() - self._real_start) * self.config.time_scale + self._offset

    def tick(self) -> int:
        """Step the model up to the simulated time now due; the number of steps taken."""
        steps = 0
        while self.site.sim_seconds + thermal.STEP_S <= self._due() and steps < MAX_STEPS_PER_TICK:
            self.publish(thermal.step(self.site))
            steps += 1
        return steps

    def advance(self, seconds: float) -> int:
        self._offset += seconds
        return self.tick()

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.config.tick_interval)
            self.tick()

    async def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="edge-site-clock")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        await self.events.close()

    # -- link ---------------------------------------------------------------------------------
    def link_up(self) -> bool:
        return time.monotonic() >= self._down_until

    def cut_link(self, seconds: float) -> None:
        """Make the Redfish API unreachable for ``seconds`` real seconds (0 restores it)."""
        self._down_until = time.monotonic() + seconds if seconds > 0 else 0.0

    def link_down_for(self) -> float:
        return max(0.0, self._down_until - time.monotonic())

    # -- changes ------------------------------------------------------------------------------
    def publish(self, occurrences: list[Occurrence]) -> list[Occurrence]:
        for occ in occurrences:
            log.info("%s %s %s", occ.origin, occ.message_id, list(occ.args))
        self.events.publish(occurrences)
        return occurrences

    def node(self, node_id: str) -> Node:
        return faults.require_node(self.site, node_id)

    def reset(self, node_id: str, reset_type: str) -> list[Occurrence]:
        return self.publish(faults.reset(self.node(node_id), reset_type))

    def state(self) -> dict[str, Any]:
        """The whole site at a glance (admin API)."""
        s = self.site
        return {
            "siteId": s.site_id,
            "profile": s.profile.name,
            "simSeconds": s.sim_seconds,
            "simTime": self.timestamp(),
            "timeScale": self.config.time_scale,
            "ambientC": s.ambient_c,
            "linkDownForSeconds": round(self.link_down_for(), 1),
            "subscriptions": len(self.events.subscriptions()),
            "nodes": [_node_state(n) for n in s.nodes.values()],
        }


def _node_state(n: Node) -> dict[str, Any]:
    return {
        "id": n.id,
        "powerState": n.power_state,
        "health": n.health,
        "tripped": n.tripped,
        "load": n.load,
        "powerW": round(n.power_w, 1),
        "readings": dict(n.readings),
        "levels": {k: v for k, v in n.levels.items() if v},
        "fans": {f.id: {"failed": f.failed, "speed": f.speed} for f in n.fans},
        "powerSupplies": {p.id: {"failed": p.failed} for p in n.psus},
        "leak": n.leak,
    }
