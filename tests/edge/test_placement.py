"""Placement by headroom on a zone's nodes, and what a zone on an edge site keeps across a
restart."""

from __future__ import annotations

from op_platform.db.engine import Database
from op_platform.db.tables.zone_rows import EdgeNodeRow, ZoneRow
from op_platform.services.edge.placement import Site, score
from op_platform.services.zones.flavours import Resources
from op_platform.services.zones.inventory import sync_configured
from op_platform.settings import Zone


def node(name: str, headroom: float, power: float, condition: str = "ok") -> EdgeNodeRow:
    return EdgeNodeRow(
        zone_id="zone-1",
        node_id=name,
        condition=condition,
        num_cpu=16,
        memory_mb=65536,
        storage_gb=1920,
        thermal_headroom=headroom,
        power_watts=power,
        power_limit_watts=500,
    )


def test_the_node_with_most_thermal_and_power_headroom_is_chosen() -> None:
    hot, cool, busy, down = (
        node("hot", 4.0, 200),
        node("cool", 25.0, 200),
        node("busy", 30.0, 480),
        node("down", 40.0, 0, "down"),
    )
    assert score(cool) > score(hot) and score(cool) > score(busy)
    site = Site([hot, cool, busy, down], {})
    small = Resources(2, 4096, 20)
    assert site.choose(small) is cool
    assert site.choose(small, away_from="cool") is hot  # busy draws near its power limit
    site.take("cool", Resources(16, 4096, 20))  # cool is full
    assert site.choose(small) is hot
    at_risk = Site([node("a", 30.0, 100, "at_risk")], {})
    assert at_risk.choose(small) is None and not at_risk.usable("a")


async def test_a_zone_on_an_edge_site_keeps_what_it_learnt_across_a_restart(
    database_url: str,
) -> None:
    database = Database(database_url)
    try:
        await database.upgrade()
        site = {"url": "https://gw.example.net", "password": "x"}
        zone = Zone.model_validate(
            {
                "zone_id": "zone-1",
                "geography_details": "Madrid",
                "latitude": 40.0,
                "longitude": -3.0,
                "edge_site": site,
            }
        )
        async with database.transaction() as session:
            await sync_configured(session, [zone])
        async with database.transaction() as session:
            row = await session.get_one(ZoneRow, "zone-1")
            assert row.source == "edge"
            row.num_cpu, row.health, row.status = 32, "Degraded", "AVAILABLE"
            session.add(row)
        async with database.transaction() as session:  # the OP starts again
            await sync_configured(session, [zone])
        async with database.transaction() as session:
            row = await session.get_one(ZoneRow, "zone-1")
            assert (row.num_cpu, row.health) == (32, "Degraded")
        plain = zone.model_copy(update={"edge_site": None})
        async with database.transaction() as session:  # configured without a site again
            await sync_configured(session, [plain])
        async with database.transaction() as session:
            row = await session.get_one(ZoneRow, "zone-1")
            assert (row.num_cpu, row.source) == (plain.num_cpu, "config")
    finally:
        await database.close()
