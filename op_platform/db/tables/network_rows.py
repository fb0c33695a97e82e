"""What this OP holds at its NEF (SBI-NR), so that nothing is forgotten across restarts: the
steering of edge instances, what the NEF said of UEs, Quality-on-Demand sessions.

``nef_steering`` is one READY edge instance on this OP's zones and the two resources kept for it
at the NEF: a traffic influence subscription (``ti_*``) and an EAS deployment (``eas_*``).
``version`` counts the changes of what the NEF should hold (zone, DNAI, endpoint); ``*_version``
is the version the NEF holds (0: nothing yet), ``*_pending`` says a call about it is in the
outbox, and ``removing`` that the instance is gone and both resources are being deleted.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Text
from sqlmodel import Field, SQLModel

from op_platform.db.tables.columns import TIMESTAMP, json_dict, json_list, nullable, timestamp_field


class SteeringRow(SQLModel, table=True):
    __tablename__ = "nef_steering"

    instance_key: str = Field(primary_key=True, max_length=80)  # "ewbi:<row id>", "nbi:<id>"
    app_id: str = Field(max_length=64)
    zone_id: str = Field(max_length=64)
    dnai: str = Field(max_length=64)
    fqdn: str = Field(sa_type=Text)
    ipv4: str = Field(max_length=15)
    port: int = 0
    version: int = 1
    removing: bool = False
    ti_id: str | None = nullable(max_length=128)
    ti_version: int = 0
    ti_pending: bool = False
    eas_id: str | None = nullable(max_length=128)
    eas_version: int = 0
    eas_pending: bool = False
    last_error: str | None = nullable(Text)
    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field()


class UePathRow(SQLModel, table=True):
    """Where the NEF last said a UE's user plane goes (UP path change of a steered app) or where
    a location report placed it: its DNAI and the zone of this OP that DNAI serves (None: no
    zone), or its serving cell."""

    __tablename__ = "nef_ue_path"

    ue: str = Field(primary_key=True, max_length=200)  # "gpsi:<gpsi>", "ipv4:<address>"
    dnai: str | None = nullable(max_length=64)
    cell_id: str | None = nullable(max_length=64)
    zone_id: str | None = nullable(max_length=64)
    instance_key: str | None = nullable(max_length=80)
    updated_at: datetime = timestamp_field()


class QodSessionRow(SQLModel, table=True):
    """A CAMARA Quality-on-Demand session of one API consumer (``owner``), backed by an AS
    session with QoS at the NEF (``nef_id``, None before the NEF created it or once it ended)."""

    __tablename__ = "qod_session"

    session_id: str = Field(primary_key=True, max_length=36)
    owner: str = Field(max_length=128, index=True)
    device: dict[str, Any] = json_dict()  # the identifier used
    device_key: str = Field(max_length=200, index=True)  # "phoneNumber:+34...", ...
    application_server: dict[str, Any] = json_dict()
    device_ports: dict[str, Any] | None = nullable(JSON)
    server_ports: dict[str, Any] | None = nullable(JSON)
    qos_profile: str = Field(max_length=256)
    duration: int
    status: str = Field(default="REQUESTED", max_length=16)
    status_info: str | None = nullable(max_length=32)
    started_at: datetime | None = nullable(TIMESTAMP)
    expires_at: datetime | None = nullable(TIMESTAMP, index=True)
    sink: str | None = nullable(Text)
    sink_token: str | None = nullable(Text)  # sealed
    nef_id: str | None = nullable(max_length=128)
    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field()


class CamaraTrafficRow(SQLModel, table=True):
    """A CAMARA Traffic Influence resource of one API consumer (``owner``), backed by a traffic
    influence subscription at the NEF (``nef_id`` once it exists)."""

    __tablename__ = "camara_traffic_influence"

    ti_id: str = Field(primary_key=True, max_length=36)
    owner: str = Field(max_length=128, index=True)
    app_id: str = Field(max_length=36, index=True)
    resource: dict[str, Any] = json_dict()  # as posted (wire)
    selected: list[str] = json_list()  # app instance ids
    state: str = Field(default="ordered", max_length=32)
    nef_id: str | None = nullable(max_length=128)
    sink: str | None = nullable(Text)
    sink_token: str | None = nullable(Text)  # sealed
    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field()
