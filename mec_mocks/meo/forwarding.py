"""The forwarding rule of the onboarding variant and the remote side of cross-network packages.

Rule: the MEO always onboards locally; it forwards the request (same JSON body; an empty
``appPkgPath`` replaced by this MEO's ``package_content`` URL) to its OP,
``{op_url}/op_target_systems/{target}/apptype/{type}/app_packages``, iff the type is
``cross-network`` and the target is not its own network. The forward is queued in the durable
outbox once the local onboarding reached ONBOARDED, exactly once per (package, target). Delivery
progress is mirrored on the package (``x-remoteOnboarding[].forwarding``); later outcomes reported
by the OP at ``/user_defined_notification`` set ``remoteState`` and are re-notified.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from mec_mocks.common import outbox as ob
from mec_mocks.common.db import Database
from mec_mocks.common.errors import NotFound, Unprocessable
from mec_mocks.meo import paths, store
from mec_mocks.meo.config import MeoConfig
from mec_mocks.meo.models import (
    DELETED,
    DISABLED,
    ENABLED,
    ONBOARDED,
    ONBOARDING_FAILED,
    REMOTE_ONBOARDING,
    AppPkgNotification,
    OnboardingState,
    RemoteOnboardingReport,
)
from mec_mocks.meo.notify import Notifier
from mec_mocks.meo.records import (
    DELIVERED,
    FAILED,
    NOT_SENT,
    PENDING,
    WAITING_LOCAL,
    Forwarding,
    PackageRecord,
    RemoteTarget,
    now_iso,
)

log = logging.getLogger(__name__)

FORWARD = "forward"
REMOTE_STATE_OF = {ONBOARDED: "ONBOARDED", ONBOARDING_FAILED: "FAILED", DELETED: "DELETED"}
RESPONSE_KEYS = ("id", "appPkgId", "onboardingState", "status", "title", "detail")


class Forwarder:
    def __init__(
        self, db: Database, outbox: ob.Outbox, notifier: Notifier, config: MeoConfig
    ) -> None:
        self.db = db
        self.outbox = outbox
        self.notifier = notifier
        self.config = config

    def must_forward(self, application_type: str, target: str) -> bool:
        """Apply the rule; 422 for a traditional app aimed at another network."""
        local = target == self.config.network_id
        if application_type == "traditional":
            if not local:
                raise Unprocessable(
                    f"a traditional application can only be onboarded in this MEO's network "
                    f"{self.config.network_id}, not in {target}; use apptype cross-network"
                )
            return False
        if local:
            return False
        if not self.config.op_url:
            raise Unprocessable(
                f"cross-network onboarding toward {target} needs an Operator Platform, "
                "and this MEO has no OP URL configured"
            )
        return True

    def add_target(self, rec: PackageRecord, target: str, application_type: str) -> bool:
        """Add a remote target; a target whose remote leg FAILED is reset to forward again
        (re-posting the same request retries only the remote leg)."""
        existing = rec.remote_for(target)
        if existing is not None:
            if existing.remoteState != "FAILED":
                return False
            existing.remoteState = "PENDING"
            existing.detail = None
            existing.forwarding = Forwarding(round=existing.forwarding.round + 1)
            existing.updatedAt = now_iso()
            return True
        rec.remote.append(RemoteTarget(targetNetworkId=target, applicationType=application_type))
        return True

    async def enqueue_ready(self, conn: AsyncConnection, rec: PackageRecord) -> bool:
        """Queue the forward of every target still waiting for the local onboarding."""
        if rec.onboarding_state != OnboardingState.ONBOARDED or not self.config.op_url:
            return False
        queued = False
        for target in rec.remote:
            if target.forwarding.status != WAITING_LOCAL:
                continue
            url = paths.variant_url(
                self.config.op_url, target.targetNetworkId, target.applicationType
            )
            headers = {
                "Content-Type": "application/json",
                "x-meo-network-id": self.config.network_id,
                "x-meo-app-pkg-id": rec.id,
                "x-meo-notification-uri": self.config.base_url + paths.USER_NOTIFICATION,
            }
            if rec.correlator:
                headers["x-correlator"] = rec.correlator
            headers.update(rec.trace_headers)
            await self.outbox.enqueue(
                conn,
                kind=FORWARD,
                url=url,
                body=self.forward_body(rec),
                headers=headers,
                ref=f"pkg:{rec.id}",
                dedup_key=f"forward:{rec.id}:{target.targetNetworkId}:{target.forwarding.round}",
            )
            target.forwarding.status = PENDING
            target.forwarding.url = url
            target.updatedAt = now_iso()
            queued = True
        return queued

    def forward_body(self, rec: PackageRecord) -> dict[str, Any]:
        """The request as received; a package whose content was uploaded (empty ``appPkgPath``)
        names this MEO's ``package_content`` URL instead, so the partner's MEO can fetch it."""
        body = dict(rec.request_body)
        if not body.get("appPkgPath"):
            body["appPkgPath"] = paths.package_content_url(self.config.base_url, rec.id)
        return body

    @staticmethod
    def cancel_waiting(rec: PackageRecord, reason: str) -> None:
        for target in rec.remote:
            if target.forwarding.status == WAITING_LOCAL:
                target.forwarding.status = NOT_SENT
                target.forwarding.lastError = reason
                target.updatedAt = now_iso()

    async def on_attempt(self, conn: AsyncConnection, msg: ob.Message, outcome: ob.Outcome) -> None:
        """Outbox hook: mirror each delivery attempt on the package."""
        pkg_id = msg.headers.get("x-meo-app-pkg-id", "")
        rec = await store.get_package(conn, pkg_id)
        target = next((t for t in rec.remote if t.forwarding.url == msg.url), None) if rec else None
        if rec is None or target is None:
            return
        fwd = target.forwarding
        fwd.attempts = outcome.attempts
        fwd.lastAttemptAt = now_iso(outcome.at)
        fwd.lastStatusCode = outcome.status_code
        fwd.lastError = outcome.error
        fwd.nextAttemptAt = now_iso(outcome.next_attempt_at) if outcome.next_attempt_at else None
        fwd.status = {ob.DELIVERED: DELIVERED, ob.FAILED: FAILED}.get(outcome.status, PENDING)
        if isinstance(outcome.response, dict):
            fwd.response = {k: outcome.response[k] for k in RESPONSE_KEYS if k in outcome.response}
            if outcome.status == ob.DELIVERED and isinstance(outcome.response.get("id"), str):
                target.remoteAppPkgId = outcome.response["id"]
        changed_remote = False
        if outcome.status == ob.DELIVERED:
            fwd.deliveredAt = now_iso(outcome.at)
        elif outcome.status == ob.FAILED and target.remoteState == "PENDING":
            target.remoteState = "FAILED"
            target.detail = f"forward to the Operator Platform failed: {outcome.error}"
            changed_remote = True
        target.updatedAt = now_iso()
        await store.save_package(conn, rec)
        if changed_remote:
            await self._notify_remote(conn, rec, target)
        self.outbox.wake()

    async def _notify_remote(
        self, conn: AsyncConnection, rec: PackageRecord, target: RemoteTarget
    ) -> None:
        extra: dict[str, Any] = {
            "x-remoteNetworkId": target.targetNetworkId,
            "x-remoteState": target.remoteState,
        }
        if target.detail:
            extra["x-detail"] = target.detail
        await self.notifier.enqueue(conn, rec, REMOTE_ONBOARDING, extra)

    async def _apply(
        self,
        conn: AsyncConnection,
        rec: PackageRecord,
        network: str,
        state: str | None,
        op_state: str | None,
        detail: str | None,
        remote_id: str | None,
    ) -> None:
        target = rec.remote_for(network)
        if target is None:
            target = RemoteTarget(targetNetworkId=network, forwarding=Forwarding(status=NOT_SENT))
            rec.remote.append(target)
        changed = state is not None and state != target.remoteState
        if state is not None:
            target.remoteState = state
        if op_state is not None:
            target.remoteOperationalState = op_state
        if detail is not None:
            target.detail = detail
        if remote_id:
            target.remoteAppPkgId = remote_id
        target.updatedAt = now_iso()
        await store.save_package(conn, rec)
        if changed:
            await self._notify_remote(conn, rec, target)

    async def report(self, rep: RemoteOnboardingReport) -> None:
        async with self.db.transaction() as conn:
            rec = await store.get_package(conn, rep.appPkgId)
            if rec is None:
                raise NotFound(f"application package {rep.appPkgId} does not exist")
            await store.record_received(conn, rec.id, rep.model_dump(exclude_none=True))
            await self._apply(
                conn,
                rec,
                rep.remoteNetworkId,
                rep.remoteState,
                None,
                rep.detail,
                rep.remoteAppPkgId,
            )
        self.outbox.wake()

    async def notification(self, note: AppPkgNotification, raw: dict[str, Any]) -> None:
        """A standard AppPkgNotification about a package in another network."""
        network = raw.get("remoteNetworkId") or raw.get("x-networkId")
        async with self.db.transaction() as conn:
            rec = await store.get_package(conn, note.appPkgId)
            if rec is None and note.appDId:
                candidates = await store.find_by_appd_id(conn, note.appDId)
                rec = candidates[0] if len(candidates) == 1 else None
            await store.record_received(conn, rec.id if rec else None, raw)
            if rec is None or network == self.config.network_id:
                return
            if not isinstance(network, str) or not network:
                if len(rec.remote) != 1:
                    return
                network = rec.remote[0].targetNetworkId
            op_state = {
                ENABLED: "ENABLED",
                DISABLED: "DISABLED",
                "AppPacakgeEnabled": "ENABLED",
                "AppPacakgeDisabled": "DISABLED",
            }.get(note.notificationType, note.operationalState.value)
            detail = raw.get("x-detail") if isinstance(raw.get("x-detail"), str) else None
            remote_id = note.appPkgId if note.appPkgId != rec.id else None
            await self._apply(
                conn,
                rec,
                network,
                REMOTE_STATE_OF.get(note.notificationType),
                op_state,
                detail,
                remote_id,
            )
        self.outbox.wake()
