"""MEO domain state: what is stored per package and per subscription (not wire models)."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, Field

from mec_mocks.meo.models import Checksum, OnboardingState, OperationalState, UsageState

# forwarding.status values (see openapi/README.md)
WAITING_LOCAL = "WAITING_LOCAL"  # local onboarding not finished yet
NOT_SENT = "NOT_SENT"  # local onboarding failed or package deleted before forwarding
PENDING = "PENDING"  # in the outbox, being (re)tried
DELIVERED = "DELIVERED"  # the OP answered 2xx
FAILED = "FAILED"  # permanent refusal (4xx other than 408/425/429) or gave up


def now_iso(ts: float | None = None) -> str:
    dt = datetime.fromtimestamp(ts if ts is not None else time.time(), UTC)
    return dt.isoformat(timespec="milliseconds").replace("+00:00", "Z")


class Forwarding(BaseModel):
    status: str = WAITING_LOCAL
    round: int = 1  # a re-posted request after a remote failure forwards again, as round 2...
    url: str | None = None
    attempts: int = 0
    lastAttemptAt: str | None = None
    nextAttemptAt: str | None = None
    lastStatusCode: int | None = None
    lastError: str | None = None
    deliveredAt: str | None = None
    response: dict[str, Any] | None = None


class RemoteTarget(BaseModel):
    """One entry of ``x-remoteOnboarding``: the state of the package in another network."""

    targetNetworkId: str
    applicationType: str = "cross-network"
    forwarding: Forwarding = Field(default_factory=Forwarding)
    remoteState: str = "PENDING"  # PENDING, ONBOARDED, FAILED, DELETED
    remoteOperationalState: str | None = None
    remoteAppPkgId: str | None = None
    detail: str | None = None
    updatedAt: str = Field(default_factory=now_iso)


class PackageRecord(BaseModel):
    id: str
    dedup_key: str
    app_pkg_name: str
    app_pkg_version: str
    app_provider: str | None = None
    app_pkg_path: str
    checksum: Checksum
    user_defined_data: dict[str, Any] | None = None
    onboarding_state: OnboardingState = OnboardingState.CREATED
    operational_state: OperationalState = OperationalState.DISABLED
    usage_state: UsageState = UsageState.NOT_IN_USE
    appd: dict[str, Any] | None = None
    software_images: list[dict[str, Any]] = Field(default_factory=list)
    additional_artifacts: list[dict[str, Any]] = Field(default_factory=list)
    failure: dict[str, Any] | None = None
    content_media_type: str | None = None
    application_type: str | None = None
    target_network_id: str | None = None
    request_body: dict[str, Any] = Field(default_factory=dict)
    correlator: str | None = None
    trace_headers: dict[str, str] = Field(default_factory=dict)  # traceparent, tracestate
    remote: list[RemoteTarget] = Field(default_factory=list)
    job: str | None = None  # "fetch" or "process" while onboarding is pending
    created_at: str = Field(default_factory=now_iso)
    updated_at: str = Field(default_factory=now_iso)

    @property
    def app_d_id(self) -> str | None:
        return str(self.appd["appDId"]) if self.appd else None

    def remote_for(self, network_id: str) -> RemoteTarget | None:
        return next((r for r in self.remote if r.targetNetworkId == network_id), None)


class SubscriptionRecord(BaseModel):
    id: str
    subscription_type: str
    category: str
    callback_uri: str
    app_pkg_filter: list[str | dict[str, Any]] | None = None
    origin: str | None = None  # "config:mepm" / "config:op" for subscriptions made at start
    created_at: str = Field(default_factory=now_iso)
