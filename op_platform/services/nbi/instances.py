"""NBI application instances, on this OP's zones or on a federation partner's.

A local instance follows :mod:`op_platform.services.nbi.local`. An instance in a partner zone is
installed there with EWBI InstallApp (``appInstCallbackLink`` = our ``onInstanceStatusEvent``
receiver) once the app is onboarded at that partner; its status then follows the partner's
callbacks (``instance`` listener). Every status change is pushed to the sink as a CloudEvent
(:mod:`op_platform.services.nbi.events`). EWBI PENDING/READY/FAILED/TERMINATING are CAMARA
instantiating/ready/failed/terminating.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from op_platform.clients.ewbi.applications import install_app, removal_call
from op_platform.db.federation import PartnerFederationRepository
from op_platform.db.nbi import NbiRepository
from op_platform.db.tables.common import utcnow
from op_platform.db.tables.nbi import NbiInstanceRow
from op_platform.db.tables.outbox import OutboxMessage
from op_platform.errors import Conflict, NotFound, OpError
from op_platform.models.ewbi.callbacks import InstanceStatusEvent
from op_platform.models.nbi import AppInstanceCreate, AppInstanceInfo
from op_platform.services.ewbi import partners
from op_platform.services.ewbi.events import ReceivedEvent
from op_platform.services.ewbi.secrets import seal, unseal
from op_platform.services.nbi import apps, events, local, onboarding
from op_platform.services.nbi.events import SINK_AUTH
from op_platform.services.nbi.zones import NbiZone, find_zone
from op_platform.settings import Settings

__all__ = ["SINK_AUTH"]

STATES = {
    "PENDING": "instantiating",
    "READY": "ready",
    "FAILED": "failed",
    "TERMINATING": "terminating",
}
REMOVAL_RESULT = "nbi.partner_removal_result"


def info(inst: NbiInstanceRow, app_provider: str) -> AppInstanceInfo:
    data: dict[str, Any] = {
        "name": inst.name,
        "appId": inst.app_id,
        "appInstanceId": inst.instance_id,
        "appProvider": app_provider,
        "status": inst.status,
        "edgeCloudZoneId": inst.zone_uuid,
        "edgeCloudProvider": inst.provider,
    }
    if inst.endpoints and inst.status == "ready":
        data["componentEndpointInfo"] = inst.endpoints
    return AppInstanceInfo.model_validate(data)


async def sink_token(session: AsyncSession, settings: Settings, instance_id: str) -> str | None:
    inst = await NbiRepository(session).instance(instance_id)
    if inst is None or inst.sink_token is None:
        return None
    return unseal(inst.sink_token, _passphrase(settings))


def _passphrase(settings: Settings) -> str | None:
    secret = settings.security.key_passphrase
    return secret.get_secret_value() if secret is not None else None


async def _check_onboarded(session: AsyncSession, app_id: str, zone: NbiZone) -> None:
    target = await NbiRepository(session).target(app_id, zone.provider)
    if target is None:
        raise Conflict(f"app {app_id} does not target edge cloud provider {zone.provider}")
    if target.status != "onboarded":
        raise Conflict(
            f"app {app_id} is not onboarded at {zone.provider} yet (status {target.status})"
        )


async def _prepare(
    session: AsyncSession,
    settings: Settings,
    owner: str,
    body: AppInstanceCreate,
    deployment_id: str | None,
) -> tuple[NbiInstanceRow, NbiZone]:
    events.check_sink(settings, body.subscriptionRequest)
    app = await apps.owned_app(session, owner, body.appId)
    zone = await find_zone(
        session, settings.operator_id, settings.country_code, body.edgeCloudZoneId
    )
    await _check_onboarded(session, app.app_id, zone)
    inst = NbiInstanceRow(
        instance_id=str(uuid.uuid4()),
        owner=owner,
        app_id=app.app_id,
        name=body.name,
        zone_uuid=zone.uuid,
        zone_id=zone.zone_id,
        provider=zone.provider,
        region=zone.region,
        local=zone.local,
        federation_context_id=zone.federation_context_id,
        deployment_id=deployment_id,
    )
    inst.event_source = events.source(settings, inst.instance_id)
    subscription = body.subscriptionRequest
    if subscription is not None:
        inst.sink = subscription.sink
        if subscription.sinkCredential is not None:
            inst.sink_token = seal(subscription.sinkCredential.accessToken, _passphrase(settings))
    return inst, zone


async def _ensure_subscribed(deps: partners.Deps, federation_context_id: str, zone_id: str) -> None:
    """A partner installs only on zones we subscribed to: subscribe to its zones first."""
    async with deps.database.transaction() as session:
        row = await partners.find(session, federation_context_id)
    if zone_id not in row.subscribed_zones:
        await partners.subscribe_all(deps, federation_context_id)


async def create(
    deps: partners.Deps, owner: str, body: AppInstanceCreate, deployment_id: str | None = None
) -> AppInstanceInfo:
    """Create the instance; answered at once with its first status (instantiating)."""
    settings = deps.settings
    async with deps.database.transaction() as session:
        inst, zone = await _prepare(session, settings, owner, body, deployment_id)
        app = await apps.owned_app(session, owner, body.appId)
        manifest, provider = dict(app.manifest), app.app_provider
        repo = NbiRepository(session)
        if zone.local:
            local.start(inst, settings)
            repo.add(inst)
            await events.emit(session, inst)
            return info(inst, provider)
        inst.status = "instantiating"
        repo.add(inst)
    try:
        await _ensure_subscribed(deps, zone.federation_context_id or "", zone.zone_id)
        client = partners.client_for(deps, partners.partner_settings(settings, zone.provider))
        answer = await install_app(
            client,
            zone.federation_context_id or "",
            inst.app_id,
            manifest,
            zone.zone_id,
            onboarding.status_link(settings, "onInstanceStatusEvent"),
        )
    except OpError:
        async with deps.database.transaction() as session:
            found = await NbiRepository(session).instance(inst.instance_id)
            if found is not None:
                await NbiRepository(session).delete(found)
        raise
    async with deps.database.transaction() as session:
        repo = NbiRepository(session)
        found = await repo.instance(inst.instance_id)
        if found is None:
            raise NotFound(f"app instance {inst.instance_id} vanished")
        found.remote_instance_id = answer.appInstIdentifier
        repo.add(found)
        await events.emit(session, found)
        reported = await PartnerFederationRepository(session).reported(
            zone.federation_context_id or "", "instance", answer.appInstIdentifier, zone.zone_id
        )
        if reported is not None:
            await _apply(session, found, InstanceStatusEvent.model_validate(reported.event))
        return info(found, provider)


async def _apply(session: AsyncSession, inst: NbiInstanceRow, event: InstanceStatusEvent) -> None:
    await NbiRepository(session).lock(inst)
    state = event.appInstanceInfo.appInstanceState
    status = STATES.get(state.value, "unknown") if state is not None else inst.status
    points = event.appInstanceInfo.accesspointInfo
    endpoints = [p.wire() for p in points] if points else inst.endpoints
    if status == inst.status and endpoints == inst.endpoints:
        return
    if inst.status == "terminating" and status != "failed":
        return  # removal asked: the partner's late READY does not bring it back
    inst.status = status
    inst.endpoints = endpoints
    inst.status_reason = getattr(event, "message", None) if status == "failed" else None
    inst.updated_at = utcnow()
    NbiRepository(session).add(inst)
    await events.emit(session, inst)


async def on_instance_event(session: AsyncSession, event: ReceivedEvent) -> None:
    """Listener of ``instance`` callbacks: a partner's status of one of our instances."""
    body = event.body
    if not isinstance(body, InstanceStatusEvent):
        return
    inst = await NbiRepository(session).remote_instance(event.partner_id, body.appInstIdentifier)
    if inst is not None:
        await _apply(session, inst, body)


async def owned(session: AsyncSession, owner: str, instance_id: str) -> NbiInstanceRow:
    inst = await NbiRepository(session).instance(instance_id)
    if inst is None or inst.owner != owner:
        raise NotFound(f"app instance {instance_id} not found")
    return inst


async def listing(
    session: AsyncSession,
    owner: str,
    app_id: str | None = None,
    instance_id: str | None = None,
    region: str | None = None,
) -> list[AppInstanceInfo]:
    repo = NbiRepository(session)
    found = []
    for inst in await repo.instances(owner=owner, app_id=app_id):
        if instance_id is not None and inst.instance_id != instance_id:
            continue
        if region is not None and inst.region != region:
            continue
        app = await repo.app(inst.app_id)
        found.append(info(inst, app.app_provider if app else "unknown_provider"))
    return found


async def remove(session: AsyncSession, settings: Settings, inst: NbiInstanceRow) -> None:
    """Start removing an instance (local: terminating then gone; partner: EWBI RemoveApp)."""
    await NbiRepository(session).lock(inst)
    if inst.status == "terminating":
        return
    if inst.local:
        local.stop(inst, settings)
    else:
        inst.status = "terminating"
        inst.due_at = None
        if inst.remote_instance_id is not None:
            call = removal_call(
                inst.federation_context_id or "", inst.app_id, inst.remote_instance_id, inst.zone_id
            )
            await onboarding.queue_calls(
                session,
                settings,
                inst.provider,
                inst.instance_id,
                [call],
                on_result=REMOVAL_RESULT,
            )
        else:
            await NbiRepository(session).delete(inst)
            if inst.deployment_id is not None:
                await events.deployment_changed(session, inst.deployment_id, gone=inst.instance_id)
            return
    inst.updated_at = utcnow()
    NbiRepository(session).add(inst)
    await events.emit(session, inst)


async def delete(session: AsyncSession, settings: Settings, owner: str, instance_id: str) -> None:
    await remove(session, settings, await owned(session, owner, instance_id))


async def apply_removal(session: AsyncSession, message: OutboxMessage, delivered: bool) -> None:
    """RemoveApp was delivered (the instance is gone) or refused (it is failed)."""
    instance_id = (message.dedup_key or "::").split(":")[1]
    inst = await NbiRepository(session).instance(instance_id)
    if inst is None:
        return
    if delivered:
        await NbiRepository(session).delete(inst)
        if inst.deployment_id is not None:
            await events.deployment_changed(session, inst.deployment_id, gone=inst.instance_id)
    else:
        inst.status = "failed"
        inst.status_reason = f"partner {inst.provider} refused RemoveApp"
        NbiRepository(session).add(inst)
        if inst.deployment_id is not None:
            await events.deployment_changed(session, inst.deployment_id, current=inst)
