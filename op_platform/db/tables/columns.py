"""Column helpers shared by the tables."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import DateTime
from sqlmodel import Field


def utcnow() -> datetime:
    return datetime.now(UTC)


def timestamp_field(*, index: bool = False, nullable: bool = False) -> datetime:
    """A timezone-aware timestamp column defaulting to now."""
    return Field(  # type: ignore[no-any-return]
        default_factory=utcnow, sa_type=DateTime(timezone=True), index=index, nullable=nullable
    )
