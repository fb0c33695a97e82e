"""Carrying an NBI app to federation partners over the EWBI, and following its state there.

For each partner the app targets, three calls are queued in the outbox under one destination
(``partner:<id>``), so they are delivered in order and survive a partner outage: UploadFile ->
UploadArtefact -> OnboardApplication (``appStatusCallbackLink`` = our
``onApplicationOnboardStatusEvent`` receiver). The partner's per-zone states arrive through the
``application`` listener and become the app's onboarding status for that partner: ``onboarded``
once every zone is ONBOARDED, ``failed`` as soon as one is FAILED, else ``pending``. A call the
partner refuses (or that gives up) marks the target ``failed`` with the reason.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

import httpx
from sqlmodel.ext.asyncio.session import AsyncSession

from op_platform.clients.ewbi.calls import EwbiCall
from op_platform.db.federation_repository import PartnerFederationRepository
from op_platform.db.nbi_repository import NbiRepository
from op_platform.db.tables.columns import utcnow
from op_platform.db.tables.federation_rows import PartnerFederationRow
from op_platform.db.tables.nbi_rows import NbiAppRow, NbiAppTargetRow
from op_platform.db.tables.outbox_rows import OutboxMessage
from op_platform.models.ewbi import paths
from op_platform.models.ewbi.callbacks import ApplicationOnboardStatusEvent
from op_platform.services.applications.provider_calls import (
    deboard_call,
    deletion_call,
    onboarding_calls,
)
from op_platform.services.federation.partner_outbox import queue_call
from op_platform.services.federation.received_callbacks import ReceivedEvent
from op_platform.services.identifiers import camara_to_ewbi
from op_platform.settings import Settings

log = logging.getLogger(__name__)

ONBOARD_RESULT = "nbi.partner_onboarding_result"
DELETE_RESULT = "nbi.partner_deletion_result"
DELETE_ATTEMPTS = 30  # DeleteApp refused (409) while the partner still terminates instances
DELETE_RETRY = timedelta(seconds=1)
DELETE_APP_MISSING = frozenset({404, 405, 501})
KIND = "nbi.ewbi."


def status_link(settings: Settings, name: str) -> str:
    return paths.callback_link(settings.partner_url, name)


async def queue_calls(
    session: AsyncSession,
    settings: Settings,
    partner_id: str,
    app_id: str,
    calls: Sequence[EwbiCall[Any]],
    on_result: str | None = ONBOARD_RESULT,
    attempt: int = 0,
) -> list[OutboxMessage]:
    """Queue ``calls`` to the partner, in order, keyed by the NBI object they are about."""
    again = f"#{attempt}" if attempt else ""
    return [
        await queue_call(
            session,
            settings,
            partner_id,
            call,
            kind=KIND,
            dedup_key=f"nbi:{app_id}:{partner_id}:{call.operation}{again}",
            ordering_key=f"nbi:{app_id}:{partner_id}",
            on_result=on_result,
        )
        for call in calls
    ]


async def onboard_at_partner(
    session: AsyncSession, settings: Settings, app: NbiAppRow, record: PartnerFederationRow
) -> NbiAppTargetRow:
    """Record the target (pending) and queue the three onboarding calls to the partner."""
    ctx = record.federation_context_id
    zones = [str(zone["zoneId"]) for zone in record.offered_zones]
    calls = onboarding_calls(
        ctx,
        app.app_id,
        app.manifest,
        zones,
        record.partner_country_code or settings.country_code,
        status_link(settings, "onApplicationOnboardStatusEvent"),
    )
    target = NbiAppTargetRow(
        app_id=app.app_id,
        provider=record.partner_id,
        status="pending",
        federation_context_id=ctx,
        ewbi_app_id=camara_to_ewbi(app.app_id),
        zones={zone: "PENDING" for zone in zones},
    )
    NbiRepository(session).add(target)
    await queue_calls(session, settings, record.partner_id, app.app_id, calls)
    log.info("nbi app queued for partner", extra={"app": app.app_id, "partner": record.partner_id})
    return target


async def deboard_at_partner(
    session: AsyncSession, settings: Settings, app_id: str, target: NbiAppTargetRow
) -> None:
    call = deletion_call(target.federation_context_id or "", app_id)
    await queue_calls(session, settings, target.provider, app_id, [call], on_result=DELETE_RESULT)


async def retry_deletion(
    session: AsyncSession, settings: Settings, message: OutboxMessage, outcome: object
) -> None:
    """DeleteApp refused with 409 (instances still terminating there): ask again a bit later.
    DeleteApp unknown to the partner (an extension a standard-only partner lacks: 404, 405 or
    501): DeboardApplication on each zone instead."""
    status = getattr(outcome, "peer_status", None)
    if status in DELETE_APP_MISSING:
        await _deboard_each_zone(session, settings, message)
        return
    if status != 409:
        return
    key, _, attempt_text = (message.dedup_key or "").partition("#")
    attempt = int(attempt_text or 0) + 1
    if attempt >= DELETE_ATTEMPTS:
        log.warning("partner keeps refusing DeleteApp", extra={"key": key})
        return
    _, app_id, partner_id, _ = key.split(":", 3)
    call = deletion_call("", app_id)  # the same request again: its URL is the first one's
    queued = await queue_calls(
        session, settings, partner_id, app_id, [call], DELETE_RESULT, attempt
    )
    for again in queued:
        again.url = message.url
        again.next_attempt_at = utcnow() + DELETE_RETRY
        session.add(again)


async def _deboard_each_zone(
    session: AsyncSession, settings: Settings, message: OutboxMessage
) -> None:
    """The standard way to remove an app: DeboardApplication per zone it was onboarded on
    (every zone the partner offered, as ``onboard_at_partner`` placed it)."""
    _, app_id, partner_id, _ = (message.dedup_key or "").partition("#")[0].split(":", 3)
    for record in await PartnerFederationRepository(session).list(partner_id):
        for zone in record.offered_zones:
            zone_id = str(zone["zoneId"])
            await queue_call(
                session,
                settings,
                partner_id,
                deboard_call(record.federation_context_id, app_id, zone_id),
                kind=KIND,
                dedup_key=f"nbi:{app_id}:{partner_id}:DeboardApplication:{zone_id}",
                ordering_key=f"nbi:{app_id}:{partner_id}",
            )
    log.info("partner has no DeleteApp; deboarding per zone", extra={"app": app_id})


def overall(zones: dict[str, str]) -> str:
    states = set(zones.values())
    if "FAILED" in states:
        return "failed"
    if states and states <= {"ONBOARDED"}:
        return "onboarded"
    return "pending"


async def on_application_event(session: AsyncSession, event: ReceivedEvent) -> None:
    """Listener of ``application`` callbacks: a partner's per-zone state of one of our apps."""
    body = event.body
    if not isinstance(body, ApplicationOnboardStatusEvent):
        return
    target = await NbiRepository(session).target_by_ewbi(event.partner_id, body.appId)
    if target is None or target.status == "deleting":
        return
    zones = dict(target.zones)
    for info in body.statusInfo:
        zones[info.zoneId] = info.onboardStatusInfo.value
    target.zones = zones
    target.status = overall(zones)
    target.reason = body.detail if target.status == "failed" else None
    target.updated_at = utcnow()
    NbiRepository(session).add(target)


async def apply_result(session: AsyncSession, message: OutboxMessage, outcome: object) -> None:
    """A queued onboarding call was delivered or gave up; a refusal fails the target."""
    if isinstance(outcome, httpx.Response) and outcome.is_success:
        return
    _, app_id, partner_id, name = (message.dedup_key or "::::").split(":", 3)
    target = await NbiRepository(session).target(app_id, partner_id)
    if target is None or target.status in ("onboarded", "deleting"):
        return
    status = outcome.status_code if isinstance(outcome, httpx.Response) else None
    peer = status if status is not None else getattr(outcome, "peer_status", None)
    target.status = "failed"
    target.reason = (
        f"partner {partner_id} refused {name} ({peer})"
        if peer
        else f"partner {partner_id} unreachable for {name}"
    )[:512]
    target.updated_at = utcnow()
    NbiRepository(session).add(target)
