"""Application instances, ISV resource pools, scheduled lifecycle jobs and roaming devices.

``app_instance`` is one instance run on one of this OP's zones for a federation context; while it
``holds_capacity`` its flavour's resources count against the zone. ``resource_pool`` is a
reservation of flavours on a zone for an application provider. ``instance_job`` is a durable,
scheduled state transition of an instance (deploy, terminate) that a worker applies when due, so
a restart never loses one. ``roaming_device`` is a device this OP can authenticate for partners.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from op_platform.db.tables.columns import TIMESTAMP, json_dict, json_list, nullable, timestamp_field

DEPLOY = "deploy"
TERMINATE = "terminate"


class AppInstanceRow(SQLModel, table=True):
    __tablename__ = "app_instance"
    __table_args__ = (
        UniqueConstraint("federation_context_id", "app_instance_id", name="uq_app_instance_ctx_id"),
    )

    id: str = Field(primary_key=True, max_length=36)
    federation_context_id: str = Field(max_length=64, index=True)
    app_instance_id: str = Field(max_length=64)
    app_id: str = Field(max_length=64)
    app_provider_id: str = Field(max_length=64)
    app_version: str = Field(max_length=16)
    zone_id: str = Field(max_length=64, index=True)
    flavour_id: str = Field(max_length=64)
    num_cpu: int = 0
    memory_mb: int = 0
    storage_gb: int = 0
    res_pool: str | None = nullable(max_length=32)
    state: str = Field(default="PENDING", max_length=16)
    holds_capacity: bool = True
    node_id: str | None = nullable(max_length=64)  # on an edge site
    failure_reason: str | None = nullable(Text)
    callback_link: str = Field(sa_type=Text)
    # [{"interfaceId": ..., "accessPoints": ServiceEndpoint}] once READY
    access_points: list[dict[str, Any]] = json_list()
    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field()


class ResourcePoolRow(SQLModel, table=True):
    __tablename__ = "resource_pool"
    __table_args__ = (
        UniqueConstraint(
            "federation_context_id",
            "app_provider_id",
            "zone_id",
            "pool_name",
            name="uq_resource_pool_name",
        ),
    )

    pool_id: str = Field(primary_key=True, max_length=32)
    federation_context_id: str = Field(max_length=64, index=True)
    app_provider_id: str = Field(max_length=64)
    zone_id: str = Field(max_length=64, index=True)
    pool_name: str = Field(max_length=32)
    # flavourId -> number of flavours reserved, in request order
    flavours: dict[str, int] = json_dict()
    # ResourceReservationDuration as received
    reserve_duration: dict[str, Any] = json_dict()
    callback_link: str = Field(sa_type=Text)
    reservation_time: datetime = timestamp_field()
    updated_at: datetime = timestamp_field()
    # When the reservation ends (reserveDuration from the reservation or the last DURATION update)
    expires_at: datetime | None = nullable(TIMESTAMP, index=True)


class InstanceJobRow(SQLModel, table=True):
    __tablename__ = "instance_job"

    id: str = Field(primary_key=True, max_length=36)
    instance_row_id: str = Field(max_length=36, index=True)
    action: str = Field(max_length=16)  # DEPLOY or TERMINATE
    due_at: datetime = Field(sa_type=TIMESTAMP, index=True)
    created_at: datetime = timestamp_field()


class RoamingDeviceRow(SQLModel, table=True):
    __tablename__ = "roaming_device"

    device_id: str = Field(primary_key=True, max_length=130)
    token_hash: str = Field(sa_type=Text)
    # The only federation context allowed to authenticate the device (None: any).
    home_federation: str | None = nullable(max_length=64)
    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field()
