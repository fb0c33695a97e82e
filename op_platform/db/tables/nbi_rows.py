"""NBI state: applications submitted by app providers, where they are onboarded, their instances
and deployments, and the tombstones of deleted instances and deployments. ``owner`` is the OAuth2
client id of the app provider that created the row; every read filters on it, so a provider never
sees another's rows.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from op_platform.db.tables.columns import timestamp_field


class NbiAppRow(SQLModel, table=True):
    __tablename__ = "nbi_app"
    __table_args__ = (UniqueConstraint("owner", "name", "version", "app_provider"),)

    app_id: str = Field(primary_key=True, max_length=36)
    owner: str = Field(max_length=128, index=True)
    name: str = Field(max_length=64)
    version: str = Field(max_length=64)
    app_provider: str = Field(max_length=64)
    manifest: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    created_at: datetime = timestamp_field()


class NbiAppTargetRow(SQLModel, table=True):
    """Onboarding state of one app at one Edge Cloud Provider (this OP or a partner)."""

    __tablename__ = "nbi_app_target"

    app_id: str = Field(primary_key=True, max_length=36)
    provider: str = Field(primary_key=True, max_length=64)  # operator id
    local: bool = False
    status: str = Field(default="pending", max_length=16)  # pending|onboarded|failed|deleting
    reason: str | None = Field(default=None, sa_type=Text, nullable=True)
    federation_context_id: str | None = Field(default=None, max_length=64, nullable=True)
    ewbi_app_id: str | None = Field(default=None, max_length=64, nullable=True)
    zones: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)  # zone id -> EWBI state
    updated_at: datetime = timestamp_field()


class NbiInstanceRow(SQLModel, table=True):
    __tablename__ = "nbi_instance"

    instance_id: str = Field(primary_key=True, max_length=36)
    owner: str = Field(max_length=128, index=True)
    app_id: str = Field(max_length=36, index=True)
    name: str = Field(max_length=64)
    zone_uuid: str = Field(max_length=36)
    zone_id: str = Field(max_length=64)  # the zone's own id at its operator
    provider: str = Field(max_length=64)  # operator hosting the instance
    region: str | None = Field(default=None, max_length=64, nullable=True)
    local: bool = True
    status: str = Field(default="instantiating", max_length=16)
    status_reason: str | None = Field(default=None, sa_type=Text, nullable=True)
    federation_context_id: str | None = Field(default=None, max_length=64, nullable=True)
    remote_instance_id: str | None = Field(default=None, max_length=64, nullable=True)
    endpoints: list[dict[str, Any]] | None = Field(default=None, sa_type=JSON, nullable=True)
    sink: str | None = Field(default=None, sa_type=Text, nullable=True)
    event_source: str = Field(default="", sa_type=Text)  # CloudEvent ``source`` of its events
    sink_token: str | None = Field(default=None, sa_type=Text, nullable=True)  # sealed
    deployment_id: str | None = Field(default=None, max_length=36, nullable=True, index=True)
    node_id: str | None = Field(default=None, max_length=64, nullable=True)  # on an edge site
    due_at: datetime | None = Field(
        default=None, sa_type=DateTime(timezone=True), nullable=True, index=True
    )  # next local transition
    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field()


class NbiDeploymentRow(SQLModel, table=True):
    __tablename__ = "nbi_deployment"

    deployment_id: str = Field(primary_key=True, max_length=36)
    owner: str = Field(max_length=128, index=True)
    app_id: str = Field(max_length=36, index=True)
    name: str = Field(max_length=64)
    zones: list[str] = Field(default_factory=list, sa_type=JSON)
    subscription: dict[str, Any] | None = Field(default=None, sa_type=JSON, nullable=True)
    status: str | None = Field(default=None, max_length=16, nullable=True)  # last one announced
    created_at: datetime = timestamp_field()


class NbiTombstoneRow(SQLModel, table=True):
    """An instance or deployment that existed and was deleted: asked for again, it is 410 GONE
    (as the CAMARA file lists) rather than 404. Written by ``NbiRepository.delete``."""

    __tablename__ = "nbi_tombstone"

    resource_id: str = Field(primary_key=True, max_length=36)
    kind: str = Field(max_length=16)  # instance|deployment
    owner: str = Field(max_length=128)
    deleted_at: datetime = timestamp_field()
