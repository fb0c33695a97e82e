from pathlib import Path

from alembic.script import ScriptDirectory

from op_platform.db.engine import Database
from op_platform.db.migrate import alembic_config, database_revisions, script_heads


def test_migrations_have_one_head() -> None:
    """New migrations descend from the single head, so every database has one history."""
    assert len(ScriptDirectory.from_config(alembic_config()).get_heads()) == 1


def test_heads_read_without_alembic_match_alembics() -> None:
    """The start-up check (``script_heads``) and Alembic agree on where the history ends."""
    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    assert script_heads() == frozenset(heads)


def test_merge_and_branch_heads_are_read(tmp_path: Path) -> None:
    scripts = {
        "a": 'revision = "a"\ndown_revision = None\n',
        "b": 'revision = "b"\ndown_revision = "a"\n',
        "c": 'revision: str = "c"\ndown_revision: str | None = "a"\n',
        "d": 'revision = "d"\ndown_revision = ("b", "c")\n',
        "e": 'revision = "e"\ndown_revision = "d"\n',
        "f": 'revision = "f"\ndown_revision = "d"\n',
    }
    for name, body in scripts.items():
        (tmp_path / f"{name}.py").write_text(f'"""{name}"""\n{body}')
    assert script_heads(tmp_path) == {"e", "f"}


async def test_database_revisions_before_and_after_upgrade(database_url: str) -> None:
    database = Database(database_url)
    try:
        async with database.engine.connect() as connection:
            assert await connection.run_sync(database_revisions) == frozenset()
        await database.upgrade()
        async with database.engine.connect() as connection:
            assert await connection.run_sync(database_revisions) == script_heads()
    finally:
        await database.close()
