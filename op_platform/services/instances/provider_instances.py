"""NBI application instances, on this OP's zones or on a federation partner's.

A local instance follows :mod:`services.instances.local_driver`. An instance in a partner zone is
installed there with EWBI InstallApp (``appInstCallbackLink`` = our ``onInstanceStatusEvent``
receiver) once the app is onboarded at that partner. The call goes through the outbox, so a
partner that is down gets it when it is back; a refusal fails the instance with the partner's
reason. Its status then follows the partner's callbacks (``instance`` listener). Every status
change is pushed to the sink as a CloudEvent (:mod:`services.instances.provider_events`). EWBI
PENDING/READY/FAILED/TERMINATING are CAMARA instantiating/ready/failed/terminating.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any, Protocol, TypeVar

import httpx
from sqlmodel.ext.asyncio.session import AsyncSession

from op_platform.clients.ewbi.answers import validated
from op_platform.db.federation_repository import PartnerFederationRepository
from op_platform.db.nbi_repository import NbiRepository
from op_platform.db.tables.columns import utcnow
from op_platform.db.tables.nbi_rows import NbiInstanceRow
from op_platform.db.tables.outbox_rows import OutboxMessage
from op_platform.errors import AlreadyExists, Conflict, Gone, NotFound
from op_platform.models.ewbi.callbacks import InstanceStatusEvent
from op_platform.models.ewbi.lcm import InstallAppResponse
from op_platform.models.nbi import AppInstanceCreate, AppInstanceInfo
from op_platform.security.sealing import seal, unseal
from op_platform.services.applications import provider_apps as apps
from op_platform.services.applications import provider_onboarding as onboarding
from op_platform.services.applications.provider_calls import (
    removal_call,
)
from op_platform.services.deps import Deps
from op_platform.services.edge.placement import place
from op_platform.services.federation.received_callbacks import ReceivedEvent
from op_platform.services.instances import local_driver as local
from op_platform.services.instances import partner_installs
from op_platform.services.instances import provider_events as events
from op_platform.services.instances.partner_installs import INSTALL_RESULT
from op_platform.services.instances.provider_events import SINK_AUTH
from op_platform.services.zones.flavours import Resources
from op_platform.services.zones.provider_zones import NbiZone, find_zone
from op_platform.settings import Settings

__all__ = ["INSTALL_RESULT", "SINK_AUTH"]

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
    return unseal(inst.sink_token, settings)


async def sink_credentials(deps: Deps, ref: Mapping[str, Any]) -> dict[str, str]:
    """Outbox auth resolver of ``SINK_AUTH``: the bearer token the provider's sink asked for
    (a deployment's or an instance's)."""
    async with deps.database.transaction() as session:
        if ref.get("deployment") is not None:
            token = await events.deployment_sink_token(session, str(ref["deployment"]))
        else:
            token = await sink_token(session, deps.settings, str(ref.get("instance")))
    if token is None:
        raise NotFound("no sink credential for this notification")
    return {"Authorization": f"Bearer {token}"}


async def _check_onboarded(session: AsyncSession, app_id: str, zone: NbiZone) -> None:
    target = await NbiRepository(session).target(app_id, zone.provider)
    if target is None:
        raise Conflict(f"app {app_id} does not target edge cloud provider {zone.provider}")
    if target.status != "onboarded":
        raise Conflict(
            f"app {app_id} is not onboarded at {zone.provider} yet (status {target.status})"
        )


async def _check_unique(
    session: AsyncSession,
    owner: str,
    name: str,
    app_id: str,
    zone_uuid: str,
    deployment_id: str | None,
) -> None:
    """One live instance per (name, app, zone) and provider, among standalone instances or
    among one deployment's: the same request again is 409, not a twin (one being removed does
    not count). The app row is locked first, so two identical requests cannot both pass."""
    await apps.lock_app(session, app_id)
    for other in await NbiRepository(session).instances(owner=owner, app_id=app_id):
        if (
            other.name == name
            and other.zone_uuid == zone_uuid
            and other.deployment_id == deployment_id
            and other.status != "terminating"
        ):
            raise AlreadyExists(
                f"app instance {name} of app {app_id} already exists in zone {zone_uuid} "
                f"({other.instance_id})",
                params=[("name", "already used for this app and zone")],
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
    await _check_unique(session, owner, body.name, app.app_id, zone.uuid, deployment_id)
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
            inst.sink_token = seal(subscription.sinkCredential.accessToken, settings)
    return inst, zone


async def create(
    session: AsyncSession,
    settings: Settings,
    owner: str,
    body: AppInstanceCreate,
    deployment_id: str | None = None,
) -> AppInstanceInfo:
    """Create the instance; answered at once with its first status (instantiating). On a
    partner zone, InstallApp (after a ZoneSubscribe if the zone is not subscribed yet) is queued
    in the same transaction, so a partner that is down gets it when it is back."""
    inst, zone = await _prepare(session, settings, owner, body, deployment_id)
    app = await apps.owned_app(session, owner, body.appId)
    if zone.local:
        inst.node_id = await place(session, zone.zone_id, Resources())
        local.start(inst, settings)
    else:
        inst.status = "instantiating"
        await partner_installs.queue_install(session, settings, inst, dict(app.manifest))
    NbiRepository(session).add(inst)
    await events.emit(session, inst)
    return info(inst, app.app_provider)


async def apply_install(
    session: AsyncSession, settings: Settings, message: OutboxMessage, outcome: object
) -> None:
    """Result of a queued ZoneSubscribe or InstallApp toward a partner.

    ZoneSubscribe accepted: remember the subscription (a refusal is left to the InstallApp after
    it). InstallApp accepted: the instance gets the partner's id, and a status the partner sent
    before this answer is applied; if the instance was removed meanwhile, RemoveApp is queued.
    InstallApp refused or never delivered: the instance is failed, with the partner's reason.
    """
    _, instance_id, partner_id, name = (message.dedup_key or "::::").split(":", 3)
    name = name.split("#", 1)[0]
    response = outcome if isinstance(outcome, httpx.Response) else None
    accepted = response is not None and response.is_success
    repo = NbiRepository(session)
    inst = await repo.instance(instance_id, lock=name != "ZoneSubscribe")
    if name == "ZoneSubscribe":
        if response is not None and accepted and inst is not None:
            await partner_installs.record_subscription(session, inst, message, response)
        return
    if inst is None:
        return
    if response is None or not accepted:
        if inst.status == "terminating":
            await _forget(session, inst)
            return
        inst.status = "failed"
        inst.status_reason = partner_installs.refusal(partner_id, outcome)
        inst.updated_at = utcnow()
        repo.add(inst)
        await events.emit(session, inst)
        return
    answer = validated(InstallAppResponse, response.json(), f"partner {partner_id}'s answer")
    inst.remote_instance_id = answer.appInstIdentifier
    repo.add(inst)
    if inst.status == "terminating":
        await _queue_removal(session, settings, inst)
        return
    reported = await PartnerFederationRepository(session).reported(
        inst.federation_context_id or "", "instance", answer.appInstIdentifier, inst.zone_id
    )
    if reported is not None:
        await _apply(session, inst, InstanceStatusEvent.model_validate(reported.event))


async def _queue_removal(session: AsyncSession, settings: Settings, inst: NbiInstanceRow) -> None:
    call = removal_call(
        inst.federation_context_id or "", inst.app_id, inst.remote_instance_id or "", inst.zone_id
    )
    await onboarding.queue_calls(
        session, settings, inst.provider, inst.instance_id, [call], on_result=REMOVAL_RESULT
    )


async def _forget(session: AsyncSession, inst: NbiInstanceRow) -> None:
    await NbiRepository(session).delete(inst)
    if inst.deployment_id is not None:
        await events.deployment_changed(session, inst.deployment_id, gone=inst.instance_id)


async def _apply(session: AsyncSession, inst: NbiInstanceRow, event: InstanceStatusEvent) -> None:
    if not await NbiRepository(session).lock(inst):
        return  # removed meanwhile
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


async def owned(
    session: AsyncSession, owner: str, instance_id: str, *, lock: bool = False
) -> NbiInstanceRow:
    """The owner's instance (with ``lock``, read under its row lock); 410 if it was deleted,
    404 if it never was the owner's."""
    inst = await NbiRepository(session).instance(instance_id, lock=lock)
    return await owned_row(session, owner, "instance", instance_id, inst)


class _Owned(Protocol):
    owner: str


OwnedRow = TypeVar("OwnedRow", bound=_Owned)


async def owned_row(
    session: AsyncSession, owner: str, kind: str, resource_id: str, row: OwnedRow | None
) -> OwnedRow:
    """``row`` (the ``kind``, instance|deployment, ``resource_id``) when it is ``owner``'s; else
    410 if the owner deleted it, 404 if it never was theirs."""
    if row is None or row.owner != owner:
        await refuse_deleted(session, owner, kind, resource_id)
        raise NotFound(f"app {kind} {resource_id} not found")
    return row


async def refuse_deleted(session: AsyncSession, owner: str, kind: str, resource_id: str) -> None:
    """410 when ``owner`` deleted the ``kind`` ``resource_id`` (its tombstone is kept)."""
    if await NbiRepository(session).tombstone(kind, resource_id, owner) is not None:
        raise Gone(f"app {kind} {resource_id} was deleted")


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
    if not found and instance_id is not None:
        await refuse_deleted(session, owner, "instance", instance_id)
    return found


async def remove(session: AsyncSession, settings: Settings, inst: NbiInstanceRow) -> None:
    """Start removing an instance (local: terminating then gone; partner: EWBI RemoveApp, or,
    while its InstallApp is still queued, once the partner has answered it). One removed
    meanwhile by another transaction is left alone."""
    if not await NbiRepository(session).lock(inst):
        return
    if inst.status == "terminating":
        return
    if inst.local:
        local.stop(inst, settings)
    elif inst.remote_instance_id is not None:
        inst.status = "terminating"
        await _queue_removal(session, settings, inst)
    elif inst.status == "instantiating":
        inst.status = "terminating"  # InstallApp in the outbox: apply_install finishes this
    else:
        await _forget(session, inst)  # the partner never took it
        return
    inst.updated_at = utcnow()
    NbiRepository(session).add(inst)
    await events.emit(session, inst)


async def delete(session: AsyncSession, settings: Settings, owner: str, instance_id: str) -> None:
    """Remove the owner's instance, read under its row lock: one deleted meanwhile (its
    termination finished) is 410, not a failed refresh."""
    await remove(session, settings, await owned(session, owner, instance_id, lock=True))


async def apply_removal(session: AsyncSession, message: OutboxMessage, delivered: bool) -> None:
    """RemoveApp was delivered (the instance is gone) or refused (it is failed)."""
    instance_id = (message.dedup_key or "::").split(":")[1]
    inst = await NbiRepository(session).instance(instance_id)
    if inst is None:
        return
    if delivered:
        await _forget(session, inst)
    else:
        inst.status = "failed"
        inst.status_reason = f"partner {inst.provider} refused RemoveApp"
        NbiRepository(session).add(inst)
        if inst.deployment_id is not None:
            await events.deployment_changed(session, inst.deployment_id, current=inst)
