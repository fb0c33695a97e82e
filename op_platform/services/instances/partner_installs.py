"""Installing an NBI instance at a federation partner: the queued ZoneSubscribe and InstallApp
(with a flavour the partner advertised), what a ZoneSubscribe answer records, and the reason
given when the partner refuses. The outcome of InstallApp is applied by
:func:`services.instances.provider_instances.apply_install`.
"""

from __future__ import annotations

import contextlib
import json
from typing import Any

import httpx
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from op_platform.clients.ewbi.answers import validated
from op_platform.clients.ewbi.calls import EwbiCall
from op_platform.db.federation_repository import PartnerFederationRepository
from op_platform.db.tables.nbi_rows import NbiInstanceRow
from op_platform.db.tables.outbox_rows import PENDING as OUTBOX_PENDING
from op_platform.db.tables.outbox_rows import OutboxMessage
from op_platform.errors import NotFound
from op_platform.models.ewbi.zones import ZoneRegistrationRequestData, ZoneRegistrationResponseData
from op_platform.services.applications import provider_apps as apps
from op_platform.services.applications import provider_onboarding as onboarding
from op_platform.services.applications.provider_calls import (
    install_call,
    required,
    subscription_call,
)
from op_platform.services.federation import partners
from op_platform.services.zones import partner_flavours
from op_platform.settings import Settings

INSTALL_RESULT = "nbi.partner_install_result"


async def queue_install(
    session: AsyncSession, settings: Settings, inst: NbiInstanceRow, manifest: dict[str, Any]
) -> None:
    ctx = inst.federation_context_id or ""
    record = await partners.find(session, ctx)
    calls: list[EwbiCall[Any]] = []
    if inst.zone_id not in record.subscribed_zones:
        calls.append(subscription_call(ctx, partners.subscription_body(settings, record)))
    link = onboarding.status_link(settings, "onInstanceStatusEvent")
    cpu, memory = required(manifest)
    flavours = partner_flavours.advertised(record.zone_resources, inst.zone_id)
    flavour = partner_flavours.choose(flavours, cpu, memory) or partner_flavours.FALLBACK_FLAVOUR
    calls.append(install_call(ctx, inst.app_id, manifest, inst.zone_id, link, flavour))
    await onboarding.queue_calls(
        session, settings, inst.provider, inst.instance_id, calls, on_result=INSTALL_RESULT
    )


async def record_subscription(
    session: AsyncSession, inst: NbiInstanceRow, message: OutboxMessage, answer: httpx.Response
) -> None:
    body = ZoneRegistrationRequestData.model_validate_json(message.body or "{}")
    accepted = validated(ZoneRegistrationResponseData, answer.json(), "ZoneSubscribe's answer")
    for record in await PartnerFederationRepository(session).by_context(
        inst.federation_context_id or ""
    ):
        await partners.record_subscription(
            session, record.id, body.acceptedAvailabilityZones, accepted
        )
    await _flavour_queued_install(session, inst, accepted)


async def _flavour_queued_install(
    session: AsyncSession, inst: NbiInstanceRow, accepted: ZoneRegistrationResponseData
) -> None:
    """The InstallApp queued behind this subscription gets a flavour the partner advertised."""
    zone = next((z for z in accepted.acceptedZoneResourceInfo if z.zoneId == inst.zone_id), None)
    if zone is None:
        return
    try:
        app = await apps.owned_app(session, inst.owner, inst.app_id)
    except NotFound:
        return  # the app went meanwhile; the InstallApp keeps the flavour it was queued with
    cpu, memory = required(dict(app.manifest))
    flavours = [f.model_dump(mode="json") for f in zone.flavoursSupported]
    flavour = partner_flavours.choose(flavours, cpu, memory)
    key = f"nbi:{inst.instance_id}:{inst.provider}:InstallApp"
    query = select(OutboxMessage).where(
        OutboxMessage.dedup_key == key, OutboxMessage.status == OUTBOX_PENDING
    )
    queued = (await session.exec(query)).first()
    if flavour is None or queued is None or not queued.body:
        return
    request = json.loads(queued.body)
    request["zoneInfo"]["flavourId"] = flavour
    queued.body = json.dumps(request)
    session.add(queued)


def refusal(partner_id: str, outcome: object) -> str:
    if not isinstance(outcome, httpx.Response):
        return f"partner {partner_id} unreachable for InstallApp"
    detail = ""
    with contextlib.suppress(ValueError, AttributeError):
        problem = outcome.json()
        detail = f": {problem.get('detail') or problem.get('title') or ''}".rstrip(": ")
    return f"partner {partner_id} refused InstallApp ({outcome.status_code}){detail}"[:512]
