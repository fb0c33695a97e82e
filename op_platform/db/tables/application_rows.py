"""Artefacts, image files and onboarded applications served on the EWBI (this OP as partner).

Every row belongs to one federation context; ids are unique within it. Uploaded bytes live on
disk (see ``services.applications.storage``); a row keeps the relative path, size and digest.
An application has one ``ewbi_app_zone`` row per zone it was asked on: its onboarding state
(PENDING, ONBOARDED, FAILED, DEBOARDING, REMOVED), whether new instances are forbidden there, and
``due_at``, when the onboarding driver next looks at it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, Text
from sqlmodel import Field, SQLModel

from op_platform.db.tables.columns import TIMESTAMP, json_dict, json_list, nullable, timestamp_field

PENDING = "PENDING"
ONBOARDED = "ONBOARDED"
FAILED = "FAILED"
DEBOARDING = "DEBOARDING"
REMOVED = "REMOVED"
ZONE_STATES = (PENDING, ONBOARDED, FAILED, DEBOARDING, REMOVED)
WORKING_STATES = (PENDING, DEBOARDING)  # the driver still has something to do


class ArtefactRow(SQLModel, table=True):
    __tablename__ = "ewbi_artefact"

    federation_context_id: str = Field(primary_key=True, max_length=64)
    artefact_id: str = Field(primary_key=True, max_length=36)
    app_provider_id: str = Field(max_length=64)
    name: str = Field(max_length=64)
    version_info: str = Field(max_length=16)
    description: str | None = nullable(Text)
    virt_type: str = Field(max_length=32)
    file_name: str | None = nullable(max_length=64)
    file_format: str | None = nullable(max_length=16)
    descriptor_type: str = Field(max_length=32)
    repo_type: str = Field(max_length=16)
    repo_location: dict[str, Any] | None = nullable(JSON)
    component_spec: list[dict[str, Any]] = json_list()
    stored_path: str | None = nullable(Text)
    size: int | None = nullable()
    sha256: str | None = nullable(max_length=64)
    created_at: datetime = timestamp_field()


class FileRow(SQLModel, table=True):
    __tablename__ = "ewbi_file"

    federation_context_id: str = Field(primary_key=True, max_length=64)
    file_id: str = Field(primary_key=True, max_length=36)
    app_provider_id: str = Field(max_length=64)
    file_name: str = Field(max_length=64)
    description: str | None = nullable(Text)
    version_info: str = Field(max_length=16)
    file_type: str = Field(max_length=16)
    checksum: str | None = nullable(max_length=255)
    img_os_type: dict[str, Any] = json_dict()
    img_ins_set_arch: str = Field(max_length=32)
    repo_type: str = Field(max_length=16)
    repo_location: dict[str, Any] | None = nullable(JSON)
    stored_path: str | None = nullable(Text)
    size: int | None = nullable()
    sha256: str | None = nullable(max_length=64)
    created_at: datetime = timestamp_field()


class AppRow(SQLModel, table=True):
    __tablename__ = "ewbi_app"

    federation_context_id: str = Field(primary_key=True, max_length=64)
    app_id: str = Field(primary_key=True, max_length=64)
    app_provider_id: str = Field(max_length=64)
    meta_data: dict[str, Any] = json_dict()
    qos_profile: dict[str, Any] = json_dict()
    component_specs: list[dict[str, Any]] = json_list()
    status_callback_link: str = Field(sa_type=Text)
    deleting: bool = False  # DeleteApp: forget the app once every zone is REMOVED
    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field()


class AppZoneRow(SQLModel, table=True):
    __tablename__ = "ewbi_app_zone"
    __table_args__ = (Index("ix_ewbi_app_zone_due", "status", "due_at"),)

    federation_context_id: str = Field(primary_key=True, max_length=64)
    app_id: str = Field(primary_key=True, max_length=64)
    zone_id: str = Field(primary_key=True, max_length=64)
    country_code: str = Field(max_length=2)
    status: str = Field(default=PENDING, max_length=16)
    forbidden: bool = False
    reason: str | None = nullable(Text)
    revision: int = 0  # bumped at every state change; keys the callback of that change
    due_at: datetime | None = nullable(TIMESTAMP)
    updated_at: datetime = timestamp_field()
