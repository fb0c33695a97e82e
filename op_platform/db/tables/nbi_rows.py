"""NBI state: applications submitted by app providers, where they are onboarded, their instances
and deployments, and the tombstones of deleted instances and deployments. ``owner`` is the OAuth2
client id of the app provider that created the row; every read filters on it, so a provider never
sees another's rows.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from op_platform.db.tables.columns import TIMESTAMP, json_dict, json_list, nullable, timestamp_field


class NbiAppRow(SQLModel, table=True):
    __tablename__ = "nbi_app"
    __table_args__ = (UniqueConstraint("owner", "name", "version", "app_provider"),)

    app_id: str = Field(primary_key=True, max_length=36)
    owner: str = Field(max_length=128, index=True)
    name: str = Field(max_length=64)
    version: str = Field(max_length=64)
    app_provider: str = Field(max_length=64)
    manifest: dict[str, Any] = json_dict()
    created_at: datetime = timestamp_field()


class NbiAppTargetRow(SQLModel, table=True):
    """Onboarding state of one app at one Edge Cloud Provider (this OP or a partner)."""

    __tablename__ = "nbi_app_target"

    app_id: str = Field(primary_key=True, max_length=36)
    provider: str = Field(primary_key=True, max_length=64)  # operator id
    local: bool = False
    status: str = Field(default="pending", max_length=16)  # pending|onboarded|failed|deleting
    reason: str | None = nullable(Text)
    federation_context_id: str | None = nullable(max_length=64)
    ewbi_app_id: str | None = nullable(max_length=64)
    zones: dict[str, Any] = json_dict()  # zone id -> EWBI state
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
    region: str | None = nullable(max_length=64)
    local: bool = True
    status: str = Field(default="instantiating", max_length=16)
    status_reason: str | None = nullable(Text)
    federation_context_id: str | None = nullable(max_length=64)
    remote_instance_id: str | None = nullable(max_length=64)
    endpoints: list[dict[str, Any]] | None = nullable(JSON)
    sink: str | None = nullable(Text)
    event_source: str = Field(default="", sa_type=Text)  # CloudEvent ``source`` of its events
    sink_token: str | None = nullable(Text)  # sealed
    deployment_id: str | None = nullable(max_length=36, index=True)
    node_id: str | None = nullable(max_length=64)  # on an edge site
    due_at: datetime | None = nullable(TIMESTAMP, index=True)  # next local transition
    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field()


class NbiDeploymentRow(SQLModel, table=True):
    __tablename__ = "nbi_deployment"

    deployment_id: str = Field(primary_key=True, max_length=36)
    owner: str = Field(max_length=128, index=True)
    app_id: str = Field(max_length=36, index=True)
    name: str = Field(max_length=64)
    zones: list[str] = json_list()
    subscription: dict[str, Any] | None = nullable(JSON)
    status: str | None = nullable(max_length=16)  # last one announced
    created_at: datetime = timestamp_field()


class NbiTombstoneRow(SQLModel, table=True):
    """An instance or deployment that existed and was deleted: asked for again, it is 410 GONE
    (as the CAMARA file lists) rather than 404. Written by ``NbiRepository.delete``."""

    __tablename__ = "nbi_tombstone"

    resource_id: str = Field(primary_key=True, max_length=36)
    kind: str = Field(max_length=16)  # instance|deployment
    owner: str = Field(max_length=128)
    deleted_at: datetime = timestamp_field()
