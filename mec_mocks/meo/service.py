"""Application package management (MEC 010-2 app_pkgm): the operations behind the handlers.

No aiohttp here: methods take validated models and raise :mod:`mec_mocks.common.errors`.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from mec_mocks.common.db import Database
from mec_mocks.common.errors import BadRequest, Conflict, NotFound
from mec_mocks.common.outbox import Outbox
from mec_mocks.meo import convert, store
from mec_mocks.meo.config import MeoConfig
from mec_mocks.meo.destinations import check_package_path
from mec_mocks.meo.filters import matches, parse_filter
from mec_mocks.meo.forwarding import Forwarder
from mec_mocks.meo.models import (
    DELETED,
    DISABLED,
    ENABLED,
    CreateAppPkg,
    OnboardingState,
    OperationalState,
    UsageState,
)
from mec_mocks.meo.notify import Notifier
from mec_mocks.meo.records import NOT_SENT, WAITING_LOCAL, PackageRecord

BUSY = (OnboardingState.UPLOADING, OnboardingState.PROCESSING)
DEFAULT_EXCLUDED = ("softwareImages", "additionalArtifacts", "userDefinedData")
ALWAYS_PRESENT = (  # AppPkgInfo's required attributes (meo.yaml): never excluded
    "id",
    "appName",
    "appSoftwareVersion",
    "checksum",
    "onboardingState",
    "operationalState",
    "usageState",
    "_links",
)


def dedup_key(body: CreateAppPkg) -> str:
    parts = [
        body.appPkgName,
        body.appPkgVersion,
        body.appProvider or "",
        body.checksum.algorithm,
        body.checksum.hash,
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


async def _package(conn: AsyncConnection, pkg_id: str) -> PackageRecord:
    """The package ``pkg_id``; 404 when there is none."""
    rec = await store.get_package(conn, pkg_id)
    if rec is None:
        raise NotFound(f"application package {pkg_id} does not exist")
    return rec


@dataclass(eq=False)
class PackageService:
    db: Database
    config: MeoConfig
    outbox: Outbox
    notifier: Notifier
    forwarder: Forwarder
    wake_jobs: Callable[[str | None], None]  # a package whose job was just committed, or None

    def info(self, rec: PackageRecord) -> dict[str, Any]:
        return convert.info_dict(rec, self.config.base_url, self.config.network_id)

    async def create(
        self,
        body: CreateAppPkg,
        raw: dict[str, Any],
        *,
        target: str | None = None,
        application_type: str | None = None,
        correlator: str | None = None,
        trace_headers: dict[str, str] | None = None,
    ) -> tuple[PackageRecord, bool]:
        """Create (or find, idempotently) a package; returns (record, created)."""
        check_package_path(
            body.appPkgPath, self.config.url_policy, allow_file=self.config.allow_file_urls
        )
        forward = False
        if application_type is not None and target is not None:
            forward = self.forwarder.must_forward(application_type, target)
        key = dedup_key(body)
        created = False
        async with self.db.transaction() as conn:
            rec = await store.find_by_dedup(conn, key)
            if rec is not None:
                changed = False
                if rec.failure is not None and rec.job is None and body.appPkgPath:
                    # a retried request for a failed package restarts its onboarding
                    rec.failure = None
                    rec.app_pkg_path = body.appPkgPath
                    rec.request_body = raw
                    rec.job = "fetch"
                    for t in rec.remote:
                        if t.forwarding.status == NOT_SENT:
                            t.forwarding.status = WAITING_LOCAL
                            t.forwarding.lastError = None
                    changed = True
                if forward and target and application_type:
                    if self.forwarder.add_target(rec, target, application_type):
                        rec.request_body = raw  # forward the request being retried, as sent
                        changed = True
                    await self.forwarder.enqueue_ready(conn, rec)
                if changed:
                    await store.save_package(conn, rec)
            else:
                rec = PackageRecord(
                    id=str(uuid.uuid4()),
                    dedup_key=key,
                    app_pkg_name=body.appPkgName,
                    app_pkg_version=body.appPkgVersion,
                    app_provider=body.appProvider,
                    app_pkg_path=body.appPkgPath,
                    checksum=body.checksum,
                    user_defined_data=body.userDefinedData,
                    application_type=application_type,
                    target_network_id=target,
                    request_body=raw,
                    correlator=correlator,
                    trace_headers=trace_headers or {},
                    job="fetch" if body.appPkgPath else None,
                )
                if forward and target and application_type:
                    self.forwarder.add_target(rec, target, application_type)
                await store.insert_package(conn, rec)
                created = True
        self.wake_jobs(rec.id if rec.job else None)
        self.outbox.wake()
        return rec, created

    async def list(
        self,
        *,
        filter_expr: str | None = None,
        exclude_fields: str | None = None,
        exclude_default: bool = False,
        fields: str | None = None,
    ) -> list[dict[str, Any]]:
        try:
            clauses = parse_filter(filter_expr) if filter_expr else []
        except ValueError as exc:
            raise BadRequest(f"invalid filter: {exc}") from None
        excluded = set(DEFAULT_EXCLUDED) if exclude_default else set()
        excluded |= {f.strip() for f in (exclude_fields or "").split(",") if f.strip()}
        kept = sorted(excluded & set(ALWAYS_PRESENT))
        if kept:
            raise BadRequest(f"exclude_fields: {', '.join(kept)} cannot be left out")
        excluded -= {f.strip() for f in (fields or "").split(",") if f.strip()}
        async with self.db.read() as conn:
            records = await store.list_packages(conn)
        out = []
        for rec in records:
            doc = self.info(rec)
            if matches(doc, clauses):
                out.append({k: v for k, v in doc.items() if k not in excluded})
        return out

    async def get(self, pkg_id: str) -> PackageRecord:
        async with self.db.read() as conn:
            return await _package(conn, pkg_id)

    async def by_appd_id(self, app_d_id: str, *, onboarded: bool = True) -> str:
        """The id of the package whose AppD has ``appDId`` (the newest ONBOARDED one; with
        ``onboarded=False`` the newest in any state)."""
        async with self.db.read() as conn:
            found = await store.find_by_appd_id(conn, app_d_id)
        if onboarded:
            found = [r for r in found if r.onboarding_state == OnboardingState.ONBOARDED]
        if not found:
            which = "onboarded application package" if onboarded else "application package"
            raise NotFound(f"no {which} has appDId {app_d_id}")
        return max(found, key=lambda r: r.created_at).id

    async def set_operational_state(self, pkg_id: str, state: OperationalState) -> PackageRecord:
        async with self.db.transaction() as conn:
            rec = await _package(conn, pkg_id)
            if rec.onboarding_state != OnboardingState.ONBOARDED:
                raise Conflict(
                    f"application package {pkg_id} is {rec.onboarding_state.value}, "
                    "not ONBOARDED; its operational state cannot change"
                )
            if rec.operational_state == state:
                raise Conflict(f"application package {pkg_id} is already {state.value}")
            rec.operational_state = state
            await store.save_package(conn, rec)
            await self.notifier.enqueue(
                conn, rec, ENABLED if state == OperationalState.ENABLED else DISABLED
            )
        self.outbox.wake()
        return rec

    async def set_usage_state(self, pkg_id: str, state: UsageState) -> PackageRecord:
        """Usage is driven by instantiation (app_lcm), which this mock lacks; tests call this."""
        async with self.db.transaction() as conn:
            rec = await _package(conn, pkg_id)
            rec.usage_state = state
            await store.save_package(conn, rec)
        return rec

    async def delete(self, pkg_id: str) -> None:
        async with self.db.transaction() as conn:
            rec = await _package(conn, pkg_id)
            if rec.onboarding_state in BUSY:
                raise Conflict(
                    f"application package {pkg_id} is being onboarded "
                    f"({rec.onboarding_state.value})"
                )
            if rec.usage_state == UsageState.IN_USE:
                raise Conflict(f"application package {pkg_id} is IN_USE")
            if rec.operational_state == OperationalState.ENABLED:
                raise Conflict(f"application package {pkg_id} is ENABLED; disable it first")
            if rec.onboarding_state == OnboardingState.ONBOARDED:
                await self.notifier.enqueue(conn, rec, DELETED)
            await self.outbox.cancel(conn, ref=f"pkg:{pkg_id}")
            await store.delete_package(conn, pkg_id)
        self.outbox.wake()

    async def appd(self, pkg_id: str) -> dict[str, Any]:
        rec = await self.get(pkg_id)
        if rec.appd is None:
            raise Conflict(
                f"the AppD of application package {pkg_id} is not available: "
                f"onboardingState is {rec.onboarding_state.value}"
            )
        return rec.appd

    async def content(self, pkg_id: str) -> tuple[str, bytes]:
        rec = await self.get(pkg_id)
        if rec.onboarding_state != OnboardingState.ONBOARDED:
            raise Conflict(
                f"application package {pkg_id} is {rec.onboarding_state.value}, not ONBOARDED"
            )
        async with self.db.read() as conn:
            content = await store.get_content(conn, pkg_id)
        if content is None:
            raise Conflict(f"application package {pkg_id} has no content")
        return content

    @staticmethod
    def _uploadable(pkg_id: str, rec: PackageRecord | None) -> PackageRecord:
        if rec is None:
            raise NotFound(f"application package {pkg_id} does not exist")
        if rec.onboarding_state != OnboardingState.CREATED or rec.job is not None:
            raise Conflict(
                f"application package {pkg_id} is "
                f"{rec.onboarding_state.value}"
                + (" with an onboarding in progress" if rec.job else "")
                + "; content can only be uploaded in CREATED"
            )
        return rec

    async def check_uploadable(self, pkg_id: str) -> None:
        """404 or 409 before an upload is read, when it would be refused anyway."""
        async with self.db.read() as conn:
            self._uploadable(pkg_id, await store.get_package(conn, pkg_id))

    async def upload(self, pkg_id: str, media_type: str, data: bytes) -> PackageRecord:
        if not data:
            raise BadRequest("the package content is empty")
        if len(data) > self.config.max_package_bytes:
            raise BadRequest(f"package larger than {self.config.max_package_bytes} bytes")
        async with self.db.transaction() as conn:
            rec = self._uploadable(pkg_id, await store.get_package(conn, pkg_id))
            await store.put_content(conn, pkg_id, media_type, data)
            rec.failure = None
            rec.onboarding_state = OnboardingState.UPLOADING
            rec.job = "process"
            for t in rec.remote:
                if t.forwarding.status == NOT_SENT:
                    t.forwarding.status = WAITING_LOCAL
                    t.forwarding.lastError = None
            await store.save_package(conn, rec)
        self.wake_jobs(rec.id)
        return rec
