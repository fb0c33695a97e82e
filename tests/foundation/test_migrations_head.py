from alembic.script import ScriptDirectory

from op_platform.db.migrate import alembic_config


def test_migrations_have_one_head() -> None:
    """New migrations descend from the single head, so every database has one history."""
    assert len(ScriptDirectory.from_config(alembic_config()).get_heads()) == 1
