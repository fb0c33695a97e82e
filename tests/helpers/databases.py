"""Test databases: a fresh SQLite file, or a fresh PostgreSQL database when
``OP_TEST_DATABASE_URL`` (``postgresql+asyncpg://user@host:port/db``) is set."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import asyncpg  # type: ignore[import-untyped]

PG_ENV = "OP_TEST_DATABASE_URL"


def postgres_url() -> str | None:
    return os.environ.get(PG_ENV) or None


def _dsn(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://", 1)


async def create_database(tmp_path: Path, name: str = "op") -> str:
    """A URL of an empty database of its own."""
    base = postgres_url()
    if base is None:
        return f"sqlite+aiosqlite:///{tmp_path / (name + '-' + uuid.uuid4().hex[:6])}.db"
    db_name = f"op_test_{uuid.uuid4().hex[:12]}"
    connection = await asyncpg.connect(_dsn(base))
    try:
        await connection.execute(f'CREATE DATABASE "{db_name}"')
    finally:
        await connection.close()
    return base.rsplit("/", 1)[0] + "/" + db_name


async def drop_database(url: str) -> None:
    base = postgres_url()
    if base is None or not url.startswith("postgresql"):
        return
    db_name = url.rsplit("/", 1)[1]
    connection = await asyncpg.connect(_dsn(base))
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')
    finally:
        await connection.close()
