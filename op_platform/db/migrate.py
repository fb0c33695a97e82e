"""Alembic, driven from code: the migrations ship inside the package.

A database already at the newest revision is the common case at start (``op-platform serve``
migrates before it serves, and most starts find nothing to do). That case is told without
Alembic: the heads are read from the revision files' ``revision``/``down_revision`` lines and
compared with the ``alembic_version`` table. Alembic (over a hundred modules, with Mako and the
DDL of every dialect) is imported only when there is something to upgrade, so a serving process
does not keep it in memory.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
VERSIONS = MIGRATIONS / "versions"
VERSION_TABLE = "alembic_version"
# The key of the PostgreSQL advisory lock that serialises migrations: replicas started together
# on an empty database take turns, and the later ones find the schema already at head.
MIGRATION_LOCK = 0x4F50_4D49  # "OPMI"


def alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def script_heads(folder: Path = VERSIONS) -> frozenset[str]:
    """The head revisions of the scripts in ``folder``: those no other script descends from."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in folder.glob("*.py"):
        values = _module_constants(path, {"revision", "down_revision"})
        revisions.add(str(values["revision"]))
        down = values.get("down_revision")
        if isinstance(down, str):
            parents.add(down)
        elif isinstance(down, (tuple, list)):
            parents.update(str(item) for item in down)
    return frozenset(revisions - parents)


def _module_constants(path: Path, names: set[str]) -> dict[str, object]:
    """The literal values assigned to ``names`` at the top level of a Python file."""
    found: dict[str, object] = {}
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            target, value = node.target, node.value
        else:
            continue
        if isinstance(target, ast.Name) and target.id in names:
            found[target.id] = ast.literal_eval(value)
    return found


def database_revisions(connection: Connection) -> frozenset[str]:
    """The revisions the database records (none before its first migration)."""
    if not inspect(connection).has_table(VERSION_TABLE):
        return frozenset()
    rows = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars()
    return frozenset(str(row) for row in rows)


def upgrade_connection(connection: Connection) -> None:
    """Upgrade to the newest revision on an open (sync-facing) connection; nothing (and no
    Alembic) when the database is already there.

    ``heads`` (not ``head``) so that a branch added before it is merged still applies. On
    PostgreSQL the upgrade holds a transaction-level advisory lock, released when the
    transaction that ran it ends; SQLite serialises writers by itself.
    """
    if database_revisions(connection) == script_heads():
        return
    from alembic import command

    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
    command.upgrade(alembic_config(connection), "heads")
