"""Alembic environment: runs on the connection handed over by op_platform.db.migrate."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import op_platform.db.tables  # noqa: F401  (registers every table on SQLModel.metadata)

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through 'op-platform db upgrade'")

context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
