"""Table generations: a counter per watched table, bumped by every transaction that changes it
(see :mod:`op_platform.db.generations`), so that each replica knows when to drop what it cached
from that table."""

from __future__ import annotations

from sqlalchemy import BigInteger
from sqlmodel import Field, SQLModel


class TableGenerationRow(SQLModel, table=True):
    __tablename__ = "table_generation"

    name: str = Field(primary_key=True, max_length=64)
    generation: int = Field(default=0, sa_type=BigInteger)
