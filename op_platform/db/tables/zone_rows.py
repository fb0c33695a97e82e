"""The OP's own availability zones and, for a zone on an edge site, the site's nodes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Text
from sqlmodel import Field, SQLModel

from op_platform.db.tables.columns import nullable, timestamp_field


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
    accelerators: int = 0
    health: str = Field(default="OK", max_length=16)
    """``OK``, ``Degraded`` (a node down or predicted to fail) or ``Down`` (no node left)."""
    source: str = Field(default="config", max_length=32)
    updated_at: datetime = timestamp_field()


class EdgeNodeRow(SQLModel, table=True):
    """One node of a zone's edge site as last read from its gateway, with the OP's prediction.

    ``condition``: ``ok``, ``at_risk`` (predicted to cross a limit within the horizon; takes no
    new work, its instances move) or ``down`` (off or Critical; offers no capacity)."""

    __tablename__ = "edge_node"

    zone_id: str = Field(primary_key=True, max_length=64)
    node_id: str = Field(primary_key=True, max_length=64)
    condition: str = Field(default="ok", max_length=16)
    health: str | None = nullable(max_length=16)
    power_state: str | None = nullable(max_length=16)
    num_cpu: int = 0
    memory_mb: int = 0
    storage_gb: int = 0
    accelerators: int = 0
    power_watts: float | None = nullable()
    power_limit_watts: float | None = nullable()
    max_temperature: float | None = nullable()
    thermal_headroom: float | None = nullable()
    """Degrees below the nearest critical threshold."""
    reason: str | None = nullable(Text)
    """Why the node is at risk or down (the prediction or the gateway's health)."""
    updated_at: datetime = timestamp_field()
