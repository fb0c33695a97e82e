"""The federated onboarding flow as each OP saw it: one operation per flow, one row per hop.

``role`` is ``origin`` on the OP that received the request from its own MEO (OP1) and ``partner``
on the OP that received it over the EWBI (OP2). ``package_key`` makes every hop idempotent: the
same package (name, version, provider, checksum) for the same target is the same operation.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from op_platform.db.tables.columns import TIMESTAMP, json_dict, nullable, timestamp_field


class FlowOperationRow(SQLModel, table=True):
    __tablename__ = "flow_operation"
    __table_args__ = (UniqueConstraint("role", "package_key", name="uq_flow_role_package"),)

    id: str = Field(primary_key=True, max_length=36)
    role: str = Field(max_length=16)
    app_type: str = Field(max_length=16)
    target_network_id: str = Field(max_length=64)
    package_key: str = Field(max_length=64)
    app_pkg_name: str = Field(sa_type=Text)
    app_pkg_version: str = Field(max_length=64)
    app_provider: str = Field(sa_type=Text)
    checksum_hash: str = Field(sa_type=Text)
    request_body: dict[str, Any] = json_dict()
    state: str = Field(default="RECEIVED", max_length=16, index=True)
    detail: str | None = nullable(Text)
    partner_id: str | None = nullable(max_length=64)
    federation_context_id: str | None = nullable(max_length=64)
    mode: str | None = nullable(max_length=16)  # variant | standard
    remote_app_id: str | None = nullable(max_length=64, index=True)
    remote_operation_id: str | None = nullable(max_length=36)
    meo_app_pkg_id: str | None = nullable(max_length=64, index=True)
    status_link: str | None = nullable(Text)
    correlator: str | None = nullable(max_length=256, index=True)
    traceparent: str | None = nullable(max_length=64)
    result: dict[str, Any] = json_dict()
    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field()


class FlowHopRow(SQLModel, table=True):
    __tablename__ = "flow_hop"

    id: int | None = Field(default=None, primary_key=True)
    operation_id: str = Field(max_length=36, index=True)
    step: int
    source: str = Field(max_length=64)
    target: str = Field(max_length=64)
    action: str = Field(sa_type=Text)
    status_code: int | None = nullable()
    duration_ms: float | None = nullable()
    started_at: datetime = timestamp_field()
    finished_at: datetime | None = nullable(TIMESTAMP)
    detail: str | None = nullable(Text)
