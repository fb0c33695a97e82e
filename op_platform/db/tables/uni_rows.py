"""UNI client sessions: an application client registered with its application's identity.

``token_hash`` is the SHA-256 of the random session token (the token itself is never stored);
``app_ids`` the EWBI application ids that application is known by here and at partners.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON
from sqlmodel import Field, SQLModel

from op_platform.db.tables.columns import TIMESTAMP, json_list, nullable, timestamp_field


class ClientSessionRow(SQLModel, table=True):
    __tablename__ = "uni_client_session"

    client_id: str = Field(primary_key=True, max_length=36)
    token_hash: str = Field(max_length=64, unique=True)
    app_name: str = Field(max_length=64)
    app_version: str = Field(max_length=64)
    app_provider: str = Field(max_length=64)
    app_ids: list[str] = json_list()
    # the CAMARA Device given at registration (wire form), or None
    device: dict[str, Any] | None = nullable(JSON)
    expires_at: datetime = Field(sa_type=TIMESTAMP, index=True)
    created_at: datetime = timestamp_field()
