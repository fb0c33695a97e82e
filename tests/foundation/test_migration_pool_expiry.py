"""0014_pool_expiry gives the pools reserved before it their reservation end."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import command

from op_platform.db.engine import Database
from op_platform.db.migrate import alembic_config


async def test_existing_pools_get_their_end(database_url: str) -> None:
    database = Database(database_url)
    start = datetime(2026, 1, 31, 9, 30, tzinfo=UTC)
    try:
        async with database.engine.begin() as connection:
            await connection.run_sync(
                lambda sync: command.upgrade(alembic_config(sync), "0013_one_head")
            )
            pools = sa.table(
                "resource_pool",
                sa.column("pool_id", sa.String()),
                sa.column("federation_context_id", sa.String()),
                sa.column("app_provider_id", sa.String()),
                sa.column("zone_id", sa.String()),
                sa.column("pool_name", sa.String()),
                sa.column("flavours", sa.JSON()),
                sa.column("reserve_duration", sa.JSON()),
                sa.column("callback_link", sa.Text()),
                sa.column("reservation_time", sa.DateTime(timezone=True)),
                sa.column("updated_at", sa.DateTime(timezone=True)),
            )
            await connection.execute(
                pools.insert().values(
                    pool_id="pool_old",
                    federation_context_id="ctx",
                    app_provider_id="provider1",
                    zone_id="zone-1",
                    pool_name="pool_alpha",
                    flavours={"fl-small": 1},
                    reserve_duration={"numOfMonths": 1, "numOfDays": 2},
                    callback_link="https://partner.example/cb",
                    reservation_time=start,
                    updated_at=start,
                )
            )
        await database.upgrade()
        async with database.engine.connect() as connection:
            column = sa.column("expires_at", sa.DateTime(timezone=True))
            found = (
                await connection.execute(sa.select(column).select_from(sa.table("resource_pool")))
            ).scalar_one()
    finally:
        await database.close()
    end = found if found.tzinfo else found.replace(tzinfo=UTC)
    assert end == datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
