"""Applying a site's readings writes only the nodes that changed: a poll of a site at rest
issues no UPDATE, so the transaction stays short for the other writers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event

from op_platform.db.engine import Database
from op_platform.db.tables.zone_rows import EdgeNodeRow
from op_platform.db.zone_repository import EdgeNodeRepository
from op_platform.services.edge.readings import Limit, NodeReading
from op_platform.services.edge.site_state import Judged, apply
from op_platform.services.zones.inventory import sync_configured
from op_platform.settings import Settings, Zone


def reading(node: str, *, state: str = "On", celsius: float = 50.0) -> Judged:
    uri = f"/redfish/v1/Systems/{node}"
    limits = (Limit("temp:CPUTemp", celsius, 90.0),)
    found = NodeReading(node, uri, None, "OK", state, 8, 16384, 100, 0, 200.0, 500.0, limits, None)
    return Judged(found, None)


async def test_only_changed_nodes_are_written(database_url: str, tmp_path: Path) -> None:
    database = Database(database_url)
    settings = Settings(operator_id="op-1", country_code="ES", data_dir=str(tmp_path))
    zone = Zone.model_validate(
        {
            "zone_id": "zone-1",
            "geography_details": "Madrid",
            "latitude": 40.0,
            "longitude": -3.0,
            "edge_site": {"url": "https://gw.example.net", "password": "x"},
        }
    )
    updates: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.lstrip().upper().startswith("UPDATE EDGE_NODE"):
            updates.append(statement)

    try:
        await database.upgrade()
        async with database.transaction() as session:
            await sync_configured(session, [zone])
        nodes = ["node1", "node2", "node3"]

        async def poll(*judged: Judged) -> dict[str, EdgeNodeRow]:
            async with database.transaction() as session:
                await apply(session, settings, "zone-1", list(judged), complete=True)
            async with database.transaction() as session:
                rows = await EdgeNodeRepository(session).of_zone("zone-1")
            return {row.node_id: row for row in rows}

        first = await poll(*(reading(n) for n in nodes))
        assert set(first) == set(nodes)
        event.listen(database.engine.sync_engine, "before_cursor_execute", count)
        again = await poll(*(reading(n) for n in nodes))
        assert updates == []  # nothing moved: nothing written
        assert {n: r.updated_at for n, r in again.items()} == {
            n: r.updated_at for n, r in first.items()
        }
        moved = await poll(reading("node1"), reading("node2", celsius=61.5), reading("node3"))
        assert len(updates) == 1
        assert moved["node2"].max_temperature == 61.5
        assert moved["node2"].updated_at > first["node2"].updated_at
        assert moved["node1"].updated_at == first["node1"].updated_at
        down = await poll(
            reading("node1"), reading("node2", celsius=61.5), reading("node3", state="Off")
        )
        assert down["node3"].condition == "down" and len(updates) == 2
    finally:
        await database.close()
