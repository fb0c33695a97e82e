"""Alembic, driven from code: the migrations ship inside the package."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import text
from sqlalchemy.engine import Connection

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
# The key of the PostgreSQL advisory lock that serialises migrations: replicas started together
# on an empty database take turns, and the later ones find the schema already at head.
MIGRATION_LOCK = 0x4F50_4D49  # "OPMI"


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def upgrade_connection(connection: Connection) -> None:
    """Upgrade to the newest revision on an open (sync-facing) connection.

    ``heads`` (not ``head``) so that a branch added before it is merged still applies. On
    PostgreSQL the upgrade holds a transaction-level advisory lock, released when the
    transaction that ran it ends; SQLite serialises writers by itself.
    """
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
    command.upgrade(alembic_config(connection), "heads")
