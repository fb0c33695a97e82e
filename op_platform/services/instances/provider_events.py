"""App-instance status CloudEvents to the app provider's ``subscriptionRequest.sink``.

Each status change is queued in the outbox (retries with backoff) with the sink as destination, so
the events of one sink are delivered in the order they happened. A ``sinkCredential`` of type
ACCESSTOKEN is kept sealed with the instance and resolved to ``Authorization: Bearer`` at send
time (the outbox never stores credentials in a message).

A deployment's sink also receives ``...v0.app-deployment-status-change`` (the body is an array of
one CloudEvent, as the CAMARA callback says) each time the deployment's aggregate status changes:
``failed`` when one of its instances failed, ``ready`` when all are ready, ``terminating`` once
the deployment is being deleted, ``instantiating`` otherwise (instances being removed because
their zone was dropped do not count). It is queued after the instance
event that caused it, to the same destination, so the sink sees them in that order.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from op_platform.db.nbi_repository import NbiRepository
from op_platform.db.tables.columns import utcnow
from op_platform.db.tables.nbi_rows import NbiDeploymentRow, NbiInstanceRow
from op_platform.errors import InvalidInput
from op_platform.models.nbi import (
    APP_DEPLOYMENT_STATUS_CHANGE,
    APP_INSTANCE_STATUS_CHANGE,
    AppDeploymentStatusChangeEvent,
    AppInstanceStatusChangeEvent,
    SubscriptionRequest,
)
from op_platform.outbox import enqueue
from op_platform.services.url_acceptance import accept_url
from op_platform.settings import Settings

NBI_ROOT = "/edge-application-management/v0.1alpha1"
SINK_AUTH = "nbi-sink"
EVENT_KIND = "nbi.app-instance-status-change"
DEPLOYMENT_EVENT_KIND = "nbi.app-deployment-status-change"
TERMINATING = "terminating"


def check_sink(settings: Settings, subscription: SubscriptionRequest | None) -> None:
    """CAMARA sinks are https; plain http only when ``nbi.allow_http_sinks`` is set (labs).
    The sink must also pass the outbound policy (400 naming it otherwise)."""
    if subscription is None:
        return
    accept_url(settings, subscription.sink, "subscriptionRequest.sink")
    if subscription.sink.startswith("https://"):
        return
    if not settings.nbi.allow_http_sinks:
        raise InvalidInput(
            "subscriptionRequest.sink must be an https URL; to accept http sinks (labs), "
            "set nbi.allow_http_sinks to true in this OP's settings",
            params=[("subscriptionRequest.sink", "must start with https://")],
        )


def source(settings: Settings, instance_id: str) -> str:
    return f"{settings.base_url}{NBI_ROOT}/appinstances/{instance_id}"


def event_for(inst: NbiInstanceRow) -> AppInstanceStatusChangeEvent:
    data: dict[str, Any] = {
        "appInstanceId": inst.instance_id,
        "appId": inst.app_id,
        "status": inst.status,
        "edgeCloudZoneId": inst.zone_uuid,
        "edgeCloudProvider": inst.provider,
    }
    if inst.endpoints and inst.status == "ready":
        data["componentEndpointInfo"] = inst.endpoints
    if inst.status_reason and inst.status == "failed":
        data["statusReason"] = inst.status_reason[:512]
    return AppInstanceStatusChangeEvent.model_validate(
        {
            "id": str(uuid.uuid4()),
            "source": inst.event_source or f"urn:uuid:{inst.instance_id}",
            "type": APP_INSTANCE_STATUS_CHANGE,
            "specversion": "1.0",
            "datacontenttype": "application/json",
            "time": utcnow(),
            "data": data,
        }
    )


async def emit(session: AsyncSession, inst: NbiInstanceRow) -> None:
    """Queue the instance's current status to its sink (nothing without a subscription)."""
    if inst.sink is None:
        return
    event = event_for(inst)
    await enqueue(
        session,
        kind=EVENT_KIND,
        method="POST",
        url=inst.sink,
        body=event.wire(),
        headers={"Content-Type": "application/cloudevents+json"},
        destination=f"sink:{inst.sink}",
        auth={"kind": SINK_AUTH, "instance": inst.instance_id} if inst.sink_token else None,
        ordering_key=f"nbi-instance:{inst.instance_id}",
    )
    if inst.deployment_id is not None:
        await deployment_changed(session, inst.deployment_id, current=inst)


def aggregate(statuses: list[str]) -> str | None:
    """A deployment's status from its instances' (None: it has none)."""
    if not statuses:
        return None
    if "failed" in statuses:
        return "failed"
    if all(s == "ready" for s in statuses):
        return "ready"
    return "instantiating"


def deployment_source(instance_source: str, deployment_id: str) -> str:
    """``.../deployments/{id}`` beside an instance's ``.../appinstances/{id}`` source."""
    root, found, _ = instance_source.partition("/appinstances/")
    return f"{root}/deployments/{deployment_id}" if found else f"urn:uuid:{deployment_id}"


async def deployment_changed(
    session: AsyncSession,
    deployment_id: str,
    *,
    current: NbiInstanceRow | None = None,
    gone: str | None = None,
    deleting: str | None = None,
) -> None:
    """Announce the deployment's aggregate status when it changed. ``current`` is an instance
    just changed (maybe not flushed yet), ``gone`` the id of one just deleted; ``deleting`` (the
    deployment's event source) marks the deployment as being deleted."""
    repo = NbiRepository(session)
    row = await repo.deployment(deployment_id)
    if row is None or (row.status == TERMINATING and deleting is None):
        return
    rows = {
        i.instance_id: i
        for i in await repo.instances(owner=row.owner, app_id=row.app_id)
        if i.deployment_id == deployment_id
    }
    if current is not None:
        rows[current.instance_id] = current
    rows.pop(gone or "", None)
    if deleting is None:  # instances being removed (zones dropped) no longer count
        rows = {k: i for k, i in rows.items() if i.status != TERMINATING}
    status = TERMINATING if deleting is not None else aggregate([i.status for i in rows.values()])
    if status is None or status == row.status:
        return
    row.status = status
    repo.add(row)
    sources = [i.event_source for i in rows.values() if i.event_source]
    source = deleting or (deployment_source(sources[0], deployment_id) if sources else "")
    await _emit_deployment(session, row, sorted(rows), source or f"urn:uuid:{deployment_id}")


async def _emit_deployment(
    session: AsyncSession, row: NbiDeploymentRow, instance_ids: list[str], source: str
) -> None:
    subscription = row.subscription or {}
    sink = subscription.get("sink")
    if not sink:
        return
    event = AppDeploymentStatusChangeEvent.model_validate(
        {
            "id": str(uuid.uuid4()),
            "source": source,
            "type": APP_DEPLOYMENT_STATUS_CHANGE,
            "specversion": "1.0",
            "datacontenttype": "application/json",
            "time": utcnow(),
            "data": {
                "appDeploymentId": row.deployment_id,
                "appId": row.app_id,
                "status": row.status,
                "appInstances": instance_ids[:100],
            },
        }
    )
    credential = subscription.get("sinkCredential") or {}
    await enqueue(
        session,
        kind=DEPLOYMENT_EVENT_KIND,
        method="POST",
        url=str(sink),
        body=[event.wire()],
        headers={"Content-Type": "application/cloudevents+json"},
        destination=f"sink:{sink}",
        auth=(
            {"kind": SINK_AUTH, "deployment": row.deployment_id}
            if credential.get("accessToken")
            else None
        ),
        ordering_key=f"nbi-deployment:{row.deployment_id}",
    )


async def deployment_sink_token(session: AsyncSession, deployment_id: str) -> str | None:
    """The access token the deployment's sink asked for (None: none, or no such deployment)."""
    row = await NbiRepository(session).deployment(deployment_id)
    credential = ((row.subscription if row is not None else None) or {}).get("sinkCredential")
    token = credential.get("accessToken") if isinstance(credential, dict) else None
    return str(token) if token else None
