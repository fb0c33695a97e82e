"""Column helpers shared by the tables: the defaults and SQL types that fields repeat.

Each stands for the ``Field`` it returns (``nullable(Text)`` is ``Field(default=None,
sa_type=Text, nullable=True)``). Only fields with a default use them, so that a required field
still reads as a ``Field`` the type checker knows is required.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime
from sqlmodel import Field

TIMESTAMP = DateTime(timezone=True)


def utcnow() -> datetime:
    return datetime.now(UTC)


def timestamp_field(*, index: bool = False, nullable: bool = False) -> datetime:
    """A timezone-aware timestamp column defaulting to now."""
    return Field(  # type: ignore[no-any-return]
        default_factory=utcnow, sa_type=TIMESTAMP, index=index, nullable=nullable
    )


def nullable(sa_type: Any = None, *, max_length: int | None = None, index: bool = False) -> Any:
    """A nullable column, None by default: of ``sa_type`` (``Text``, ``JSON``, ``TIMESTAMP``), a
    ``max_length`` string, or else the field's own type."""
    options: dict[str, Any] = {"index": index}
    if sa_type is not None:
        options["sa_type"] = sa_type
    if max_length is not None:
        options["max_length"] = max_length
    return Field(default=None, nullable=True, **options)


def json_list() -> Any:
    """A JSON array, empty by default."""
    return Field(default_factory=list, sa_type=JSON)


def json_dict() -> Any:
    """A JSON object, empty by default."""
    return Field(default_factory=dict, sa_type=JSON)
