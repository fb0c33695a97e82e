from pathlib import Path

import httpx
import pytest
from sqlalchemy import inspect

from op_platform.cli import main
from op_platform.db.engine import Database
from op_platform.db.zone_repository import ZoneRepository
from op_platform.keys import PLATFORM
from tests.helpers.databases import postgres_url
from tests.helpers.servers import RunningOp


async def table_names(url: str) -> set[str]:
    database = Database(url)
    try:
        async with database.engine.connect() as connection:
            names = await connection.run_sync(lambda sync: inspect(sync).get_table_names())
    finally:
        await database.close()
    return set(names)


async def test_upgrade_creates_schema_and_is_repeatable(database_url: str) -> None:
    database = Database(database_url)
    try:
        await database.upgrade()
        await database.upgrade()
    finally:
        await database.close()
    names = await table_names(database_url)
    assert {"zone", "alembic_version"} <= names


async def test_start_seeds_configured_zones(op: RunningOp) -> None:
    database = op.app[PLATFORM].database
    async with database.transaction() as session:
        zones = await ZoneRepository(session).list()
    assert [z.zone_id for z in zones] == ["zone-1", "zone-2"]
    assert zones[0].status == "AVAILABLE"


@pytest.mark.skipif(postgres_url() is not None, reason="a deleted file is a SQLite matter")
async def test_deleted_database_file_is_recreated_on_restart(
    op: RunningOp, http: httpx.AsyncClient
) -> None:
    assert op.settings is not None
    path = Path(op.settings.database_url.removeprefix("sqlite+aiosqlite:///"))
    await op.stop()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    assert not path.exists()
    await op.restart()
    assert path.exists()
    assert (await http.get(f"{op.url}/readyz")).status_code == 200
    assert "zone" in await table_names(op.settings.database_url)


def test_db_upgrade_command(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "op.toml"
    config.write_text(
        f'operator_id = "op-x"\ncountry_code = "ES"\ndatabase_url = "{database_url}"\n'
    )
    assert main(["db", "upgrade", "--config", str(config)]) == 0
    assert "up to date" in capsys.readouterr().out
