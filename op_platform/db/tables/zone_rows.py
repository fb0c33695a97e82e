"""The OP's own availability zones (configured now; fed by the edge sites later)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from op_platform.db.tables.columns import timestamp_field


class ZoneRow(SQLModel, table=True):
    __tablename__ = "zone"

    zone_id: str = Field(primary_key=True, max_length=64)
    geography_details: str
    latitude: float
    longitude: float
    region: str = ""
    status: str = Field(default="AVAILABLE", max_length=32)
    num_cpu: int = 0
    memory_mb: int = 0
    storage_gb: int = 0
    source: str = Field(default="config", max_length=32)
    updated_at: datetime = timestamp_field()
