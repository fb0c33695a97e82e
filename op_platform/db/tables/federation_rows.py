"""Federations, in both roles.

Serving side (this OP is the partner OP): ``federation`` is one context created by a partner's
client, ``federation_zone_subscription`` one zone that partner subscribed to.

Originating side (this OP called a partner): ``partner_federation`` is this OP's record of a
federation it created with a partner (kept up to date by the partner's callbacks), and
``partner_reported_state`` holds the application, instance and pool states the partner reported.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from op_platform.db.tables.columns import TIMESTAMP, json_dict, json_list, nullable, timestamp_field


class FederationRow(SQLModel, table=True):
    """A federation context served by this OP, owned by the client that created it."""

    __tablename__ = "federation"
    __table_args__ = (
        UniqueConstraint("client_id", "orig_op_federation_id", name="uq_federation_client_orig"),
    )

    federation_context_id: str = Field(primary_key=True, max_length=64)
    client_id: str = Field(max_length=128, index=True)
    orig_op_federation_id: str = Field(max_length=128)
    orig_op_country_code: str | None = nullable(max_length=2)
    # {"mcc": "214", "mncs": ["01", "07"]} as in MobileNetworkIds, or None
    mobile_network_codes: dict[str, Any] | None = nullable(JSON)
    fixed_network_codes: list[str] | None = nullable(JSON)
    initial_date: datetime = Field(sa_type=TIMESTAMP)
    notification_link: str = Field(sa_type=Text)
    callback_token_url: str | None = nullable(Text)
    callback_client_id: str | None = nullable(max_length=256)
    # Sealed with the OP's key passphrase when one is configured (see services.ewbi.secrets).
    callback_client_secret: str | None = nullable(Text)
    status: str = Field(default="AVAILABLE", max_length=32)
    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field()


class ZoneSubscriptionRow(SQLModel, table=True):
    """A zone of this OP that a federation's partner subscribed to."""

    __tablename__ = "federation_zone_subscription"

    federation_context_id: str = Field(primary_key=True, max_length=64)
    zone_id: str = Field(primary_key=True, max_length=64)
    notif_link: str = Field(sa_type=Text)
    created_at: datetime = timestamp_field()


class PartnerFederationRow(SQLModel, table=True):
    """A federation this OP created with a partner OP (originating side)."""

    __tablename__ = "partner_federation"
    __table_args__ = (
        UniqueConstraint("partner_id", "federation_context_id", name="uq_partner_federation_ctx"),
    )

    id: str = Field(primary_key=True, max_length=36)
    partner_id: str = Field(max_length=64, index=True)
    federation_context_id: str = Field(max_length=64, index=True)  # assigned by the partner
    orig_op_federation_id: str = Field(max_length=128)  # the id this OP sent
    status: str = Field(default="AVAILABLE", max_length=32)
    partner_op_federation_id: str | None = nullable(max_length=128)
    partner_country_code: str | None = nullable(max_length=2)
    mobile_network_codes: dict[str, Any] | None = nullable(JSON)
    fixed_network_codes: list[str] | None = nullable(JSON)
    # ZoneDetails dicts as offered, each with an added "status" (AVAILABLE/UNAVAILABLE)
    offered_zones: list[dict[str, Any]] = json_list()
    subscribed_zones: list[str] = json_list()
    # zone id -> the last onZoneResourceUpdateEvent / ZoneRegisteredData received for it
    zone_resources: dict[str, Any] = json_dict()
    edge_discovery_endpoint: dict[str, Any] | None = Field(
        default=None, sa_type=JSON, nullable=True
    )
    lcm_endpoint: dict[str, Any] | None = nullable(JSON)
    platform_caps: list[str] | None = nullable(JSON)
    supports_variant: bool = False  # the partner serves the op_target_systems onboarding variant
    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field()


class PartnerReportedStateRow(SQLModel, table=True):
    """The last state a partner reported for an application, instance or pool.

    ``kind`` is ``application``, ``instance`` or ``pool``; ``object_id`` the appId, appInstanceId
    or poolId; ``zone_id`` the zone it is about ("" when the event names none).
    """

    __tablename__ = "partner_reported_state"

    federation_context_id: str = Field(primary_key=True, max_length=64)
    kind: str = Field(primary_key=True, max_length=16)
    object_id: str = Field(primary_key=True, max_length=128)
    zone_id: str = Field(primary_key=True, max_length=64, default="")
    partner_id: str = Field(max_length=64, index=True)
    state: str | None = nullable(max_length=64)
    event: dict[str, Any] = json_dict()
    updated_at: datetime = timestamp_field()
