"""Alembic, driven from code: the migrations ship inside the package."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def upgrade_connection(connection: Connection) -> None:
    """Upgrade to the newest revision on an open (sync-facing) connection.

    ``heads`` (not ``head``) so that a branch added before it is merged still applies.
    """
    command.upgrade(alembic_config(connection), "heads")
