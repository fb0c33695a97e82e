"""UE mobility: moves told through the admin API or drawn at random, and their consequences.

A move sets the UE's cell (or none: out of coverage), stores it (so a NEF with a database keeps
positions across restarts) and tells every API service, in order: traffic influence (UP path
change), AS session with QoS (release when out of coverage), monitoring (location reports).
A ticker, started with the app, ends what has a duration (``qosDuration``,
``monitorExpireTime``) and, with ``move_every > 0``, moves one random UE to another random cell
every ``move_every`` seconds, drawn from ``Random(seed)``.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from dataclasses import dataclass, field
from typing import Any, Protocol

from mec_mocks.common.tasks import Worker
from mec_mocks.nef.config import NefConfig
from mec_mocks.nef.network import Cell, Network, Ue
from mec_mocks.nef.problems import NefProblem
from mec_mocks.nef.store import Store

log = logging.getLogger(__name__)


class MoveListener(Protocol):
    async def on_move(self, ue: Ue, old: Cell | None, new: Cell | None) -> None: ...


class Expiring(Protocol):
    async def expire(self, now: float) -> None: ...


@dataclass
class Move:
    ue: Ue
    old: Cell | None
    new: Cell | None

    def view(self, network: Network) -> dict[str, Any]:
        return {
            **network.ue_view(self.ue),
            "fromCellId": self.old.id if self.old else None,
            "fromDnai": self.old.dnai if self.old else None,
            "dnaiChanged": bool(self.old and self.new and self.old.dnai != self.new.dnai),
        }


@dataclass(eq=False)
class Mobility(Worker):
    task_name = "nef-mobility"

    network: Network
    store: Store
    config: NefConfig
    listeners: list[MoveListener]
    expiring: list[Expiring]
    rng: random.Random = field(init=False)
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock, init=False)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.config.seed + 1)

    def restore(self) -> None:
        """Put UEs where the store last saw them (cells that no longer exist are ignored)."""
        for ue_id, cell_id in self.store.positions().items():
            ue = self.network.ues.get(ue_id)
            if ue is not None and (cell_id is None or cell_id in self.network.cells):
                ue.cell = cell_id

    def target(self, *, cell_id: str | None, dnai: str | None, detach: bool) -> Cell | None:
        """The cell a move request names: a cell id, the first cell of a DNAI, or none."""
        if detach:
            return None
        if cell_id is not None:
            cell = self.network.cells.get(cell_id)
            if cell is None:
                raise NefProblem(404, f"no cell {cell_id}", params=[("/cellId", "unknown cell")])
            return cell
        if dnai is not None:
            cells = self.network.cells_of(dnai)
            if not cells:
                raise NefProblem(404, f"no DNAI {dnai}", params=[("/dnai", "unknown DNAI")])
            return cells[0]
        raise NefProblem(
            400, "give cellId, dnai or detached: true", params=[("/cellId", "missing")]
        )

    async def move(self, ue_id: str, new: Cell | None) -> Move:
        ue = self.network.ues.get(ue_id)
        if ue is None:
            raise NefProblem(404, f"no UE {ue_id}", params=[("ueId", "unknown UE")])
        async with self._lock:
            old = self.network.cell_of(ue)
            ue.cell = new.id if new else None
            await self.store.save_position(ue.id, ue.cell)
            log.info("UE %s moved %s -> %s", ue.id, old.id if old else None, ue.cell)
            if old != new:
                for listener in self.listeners:
                    await listener.on_move(ue, old, new)
        return Move(ue, old, new)

    async def random_move(self) -> Move | None:
        if not self.network.ues or len(self.network.cells) < 2:
            return None
        ue = self.network.ues[self.rng.choice(sorted(self.network.ues))]
        cells = sorted(c for c in self.network.cells if c != ue.cell)
        return await self.move(ue.id, self.network.cells[self.rng.choice(cells)])

    async def tick(self) -> None:
        now = time.time()
        async with self._lock:
            for service in self.expiring:
                await service.expire(now)

    # ticker ---------------------------------------------------------------------------------
    async def _run(self) -> None:
        next_move = time.monotonic() + self.config.move_every
        while not self._stopping:
            self._wake.clear()
            await self._idle(self.config.tick)
            if self._stopping:
                return
            try:
                await self.tick()
                if self.config.move_every > 0 and time.monotonic() >= next_move:
                    next_move = time.monotonic() + self.config.move_every
                    await self.random_move()
            except Exception:
                log.exception("mobility tick failed")
