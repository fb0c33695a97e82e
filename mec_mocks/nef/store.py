"""NEF mock state: the resources of the four APIs and where each UE is.

Reads are served from memory. With a database (``--database PATH``) every change is also
written to SQLite (through :mod:`mec_mocks.common.db`) and loaded back at start, so
subscriptions and UE positions survive a restart; without one, state lives as long as the
process.
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import Column, Float, MetaData, String, Table, Text, delete, insert, select

from mec_mocks.common.db import Database, documents, id_key, indexed

metadata = MetaData()

resources = documents(
    "resources",
    metadata,
    id_key(),
    *indexed("api", "owner", nullable=False),
    Column("state", Text, nullable=False),
    stamp=Column("created_at", Float, nullable=False),
)

positions = Table(
    "ue_positions",
    metadata,
    Column("ue_id", String, primary_key=True),
    Column("cell_id", String, nullable=True),
)


@dataclass
class Resource:
    """One subscription (or EAS deployment information) as the AF made it.

    ``doc`` is the wire body the NEF answers (with ``self``); ``state`` is what the simulation
    keeps about it (the UE it concerns, the QoS status, reports sent, ...).
    """

    api: str
    id: str
    owner: str
    doc: dict[str, Any]
    state: dict[str, Any] = field(default_factory=dict)
    created_at: float = field(default_factory=time.time)


class Store:
    def __init__(self, db: Database | None = None) -> None:
        self.db = db
        self._resources: dict[str, Resource] = {}
        self._positions: dict[str, str | None] = {}

    async def load(self) -> None:
        if self.db is None:
            return
        async with self.db.read() as conn:
            rows = (await conn.execute(select(resources))).mappings().all()
            cells = (await conn.execute(select(positions))).mappings().all()
        for r in rows:
            self._resources[r["id"]] = Resource(
                **{**r, "doc": json.loads(r["doc"]), "state": json.loads(r["state"])}
            )
        self._positions = {c["ue_id"]: c["cell_id"] for c in cells}

    # resources ------------------------------------------------------------------------------
    def get(self, api: str, owner: str, res_id: str) -> Resource | None:
        res = self._resources.get(res_id)
        return res if res is not None and res.api == api and res.owner == owner else None

    def find(self, api: str, owner: str | None = None) -> list[Resource]:
        found = [
            r
            for r in self._resources.values()
            if r.api == api and (owner is None or r.owner == owner)
        ]
        return sorted(found, key=lambda r: r.created_at)

    def all(self) -> list[Resource]:
        return sorted(self._resources.values(), key=lambda r: r.created_at)

    async def save(self, res: Resource) -> None:
        self._resources[res.id] = res
        if self.db is None:
            return
        async with self.db.transaction() as conn:
            await conn.execute(delete(resources).where(resources.c.id == res.id))
            row = {**asdict(res), "doc": json.dumps(res.doc), "state": json.dumps(res.state)}
            await conn.execute(insert(resources).values(**row))

    async def remove(self, res: Resource) -> bool:
        """Forget ``res``; False when it was already gone."""
        if self._resources.pop(res.id, None) is None:
            return False
        if self.db is not None:
            async with self.db.transaction() as conn:
                await conn.execute(delete(resources).where(resources.c.id == res.id))
        return True

    # UE positions ---------------------------------------------------------------------------
    def positions(self) -> dict[str, str | None]:
        return dict(self._positions)

    async def save_position(self, ue_id: str, cell_id: str | None) -> None:
        self._positions[ue_id] = cell_id
        if self.db is None:
            return
        async with self.db.transaction() as conn:
            await conn.execute(delete(positions).where(positions.c.ue_id == ue_id))
            await conn.execute(insert(positions).values(ue_id=ue_id, cell_id=cell_id))
