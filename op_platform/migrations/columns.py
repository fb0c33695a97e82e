"""Column builders the revisions share, so that a table reads as its columns' names and kinds.

``string("zone_id", 64)`` is ``sa.Column("zone_id", sa.String(length=64), nullable=False)``:
a column is NOT NULL unless it says ``nullable=True``. The groups (``timestamps``,
``resources`` ...) are columns that several tables carry side by side.

Revisions are history: what a builder makes must never change, or an old revision would create
another schema than it did. A new kind of column gets a new builder. ``drop_tables`` is the
downgrade of a revision that only created tables.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

Column = sa.Column[Any]


def key(name: str, length: int) -> Column:
    """A string primary-key column (several make a composite key)."""
    return sa.Column(name, sa.String(length=length), primary_key=True)


def context_key() -> Column:
    """The federation context a row belongs to, first part of its key."""
    return key("federation_context_id", 64)


def string(
    name: str,
    length: int | None = None,
    *,
    nullable: bool = False,
    index: bool = False,
    unique: bool = False,
    server_default: str | None = None,
) -> Column:
    return sa.Column(
        name,
        sa.String(length=length),
        nullable=nullable,
        index=index,
        unique=unique,
        server_default=server_default,
    )


def text(name: str, *, nullable: bool = False) -> Column:
    return sa.Column(name, sa.Text(), nullable=nullable)


def json(name: str, *, nullable: bool = False) -> Column:
    return sa.Column(name, sa.JSON(), nullable=nullable)


def integer(name: str, *, nullable: bool = False, server_default: str | None = None) -> Column:
    return sa.Column(name, sa.Integer(), nullable=nullable, server_default=server_default)


def number(name: str, *, nullable: bool = False) -> Column:
    return sa.Column(name, sa.Float(), nullable=nullable)


def boolean(name: str) -> Column:
    return sa.Column(name, sa.Boolean(), nullable=False)


def when(name: str, *, nullable: bool = False, index: bool = False) -> Column:
    """A timezone-aware timestamp."""
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable, index=index)


def timestamps() -> list[Column]:
    """When the row was created and last changed."""
    return [when("created_at"), when("updated_at")]


def owner() -> Column:
    """The OAuth2 client id of the app provider whose row it is; every read filters on it."""
    return string("owner", 128, index=True)


def resources(server_default: str | None = None) -> list[Column]:
    """The vCPUs, memory and storage a zone offers or an instance takes."""
    return [
        integer(name, server_default=server_default)
        for name in ("num_cpu", "memory_mb", "storage_gb")
    ]


def network_codes() -> list[Column]:
    """The MCC/MNCs and fixed network codes of an operator, when it gave them."""
    return [
        json("mobile_network_codes", nullable=True),
        json("fixed_network_codes", nullable=True),
    ]


def stored_file() -> list[Column]:
    """Where uploaded bytes were stored on disk, their size and digest (none until uploaded)."""
    return [
        text("stored_path", nullable=True),
        integer("size", nullable=True),
        string("sha256", 64, nullable=True),
    ]


def sink() -> list[Column]:
    """Where an API consumer wants its events sent, and the token to send them with (sealed)."""
    return [text("sink", nullable=True), text("sink_token", nullable=True)]


def drop_tables(*names: str) -> None:
    """Drop the tables in the order given (the last created first), with their indexes."""
    for name in names:
        op.drop_table(name)
