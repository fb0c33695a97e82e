"""Application instances on this OP's zones (InstallApp, GetAppInstanceDetails, RemoveApp,
GetAllAppInstances), served to the partner that owns the federation context.

The OP drives each instance: PENDING when installed, then READY (or FAILED with a reason, when the
zone or the pool has no room), then TERMINATING on removal, after which the instance is gone and
its capacity released. Each transition after the first is an ``instance_job`` row applied by
:mod:`op_platform.services.instances.instance_jobs` when due, so a restart resumes where it stopped.
Every state change is announced with ``onInstanceStatusEvent`` through the outbox.

Access points: every ``VISIBILITY_EXTERNAL`` interface of the application's components
(``exposedInterfaces`` of the artefacts' component specs) is published as
``{interfaceId, accessPoints: {port: commPort, fqdn: <instance>.<zone>.<operator>.edge.example}}``
(lower case, ``_`` written as ``-``).
"""

from __future__ import annotations

import logging
import uuid
from datetime import timedelta
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from op_platform.db.application_repository import ApplicationRepository
from op_platform.db.instance_repository import InstanceRepository, JobRepository, PoolRepository
from op_platform.db.tables.application_rows import AppRow
from op_platform.db.tables.columns import utcnow
from op_platform.db.tables.federation_rows import FederationRow
from op_platform.db.tables.instance_rows import DEPLOY, TERMINATE, AppInstanceRow, InstanceJobRow
from op_platform.errors import AlreadyExists, Conflict, NotFound, Unprocessable
from op_platform.models.ewbi.enums import InstanceState, ResourceConsumption
from op_platform.models.ewbi.lcm import (
    AppInstanceDetails,
    AppInstanceState,
    InstallAppRequest,
    InstallAppResponse,
    ZoneAppInstances,
)
from op_platform.outbox import enqueue
from op_platform.services.applications import app_lookup as applications
from op_platform.services.edge.placement import place
from op_platform.services.federation.contexts import callback_auth
from op_platform.services.instances.resource_pools import (
    flavour_or_422,
    pool_free_slots,
    usable_zone_or_422,
    zone_free,
    zone_or_422,
)
from op_platform.services.url_acceptance import accept_url
from op_platform.services.zones.flavours import FlavourSpec
from op_platform.settings import Settings

log = logging.getLogger(__name__)

INSTANCE_EVENT = "ewbi.onInstanceStatusEvent"
FQDN_SUFFIX = "edge.example"
_SHALL = ResourceConsumption.RESERVED_RES_SHALL
_PREFER = ResourceConsumption.RESERVED_RES_PREFER
_FORBID = ResourceConsumption.RESERVED_RES_FORBID


async def count_instances(
    session: AsyncSession, ctx: str, app_id: str, zone_id: str | None = None
) -> int:
    """Instances of the application in the context (on one zone, or on all) that still exist."""
    return await InstanceRepository(session).count(ctx, app_id, zone_id)


async def external_interfaces(session: AsyncSession, app: AppRow) -> list[tuple[str, int]]:
    """(interfaceId, port) of every external interface of the application's components."""
    repo = ApplicationRepository(session)
    found: list[tuple[str, int]] = []
    for component in app.component_specs:
        artefact = await repo.artefact(app.federation_context_id, str(component.get("artefactId")))
        for spec in artefact.component_spec if artefact is not None else []:
            for iface in spec.get("exposedInterfaces") or []:
                known = {name for name, _ in found}
                if iface.get("visibilityType") == "VISIBILITY_EXTERNAL" and (
                    iface["interfaceId"] not in known
                ):
                    found.append((str(iface["interfaceId"]), int(iface["commPort"])))
    return found


def hostname(*parts: str) -> str:
    """``<part>.<part>...edge.example`` in lower case, ``_`` written as ``-``."""
    return ".".join(part.lower().replace("_", "-") for part in (*parts, FQDN_SUFFIX))


async def access_points(
    session: AsyncSession, app: AppRow, inst: AppInstanceRow, operator_id: str
) -> list[dict[str, Any]]:
    """``accesspointInfo`` of an instance, from its components' external interfaces."""
    fqdn = hostname(inst.app_instance_id, inst.zone_id, operator_id)
    return [
        {"interfaceId": interface_id, "accessPoints": {"port": port, "fqdn": fqdn}}
        for interface_id, port in await external_interfaces(session, app)
    ]


def details(inst: AppInstanceRow) -> AppInstanceDetails:
    data: dict[str, Any] = {"appInstanceState": inst.state}
    if inst.access_points and inst.state == InstanceState.READY:
        data["accesspointInfo"] = inst.access_points
    return AppInstanceDetails.model_validate(data)


async def notify(session: AsyncSession, fed: FederationRow, inst: AppInstanceRow) -> None:
    """Queue ``onInstanceStatusEvent`` with the instance's current state."""
    body: dict[str, Any] = {
        "federationContextId": inst.federation_context_id,
        "appId": inst.app_id,
        "appInstIdentifier": inst.app_instance_id,
        "zoneId": inst.zone_id,
        "appInstanceInfo": details(inst).wire(),
        "modificationDate": utcnow().isoformat().replace("+00:00", "Z"),
    }
    if inst.failure_reason and inst.state == InstanceState.FAILED:
        body["message"] = inst.failure_reason
    await enqueue(
        session,
        kind=INSTANCE_EVENT,
        method="POST",
        url=inst.callback_link,
        body=body,
        auth=callback_auth(fed),
        dedup_key=f"instance:{inst.id}:{inst.state}",
        ordering_key=f"instance:{inst.id}",
    )


def schedule(session: AsyncSession, inst: AppInstanceRow, action: str, seconds: float) -> None:
    JobRepository(session).add(
        InstanceJobRow(
            id=str(uuid.uuid4()),
            instance_row_id=inst.id,
            action=action,
            due_at=utcnow() + timedelta(seconds=seconds),
        )
    )


async def _placement(
    session: AsyncSession,
    fed: FederationRow,
    body: InstallAppRequest,
    spec: FlavourSpec,
) -> tuple[str | None, str | None]:
    """(pool the instance runs in, reason it cannot run) for the request."""
    info = body.zoneInfo
    pools = PoolRepository(session)
    ctx = fed.federation_context_id
    if info.resPool is not None:
        if info.resourceConsumption is _FORBID:
            raise Unprocessable(
                "resPool cannot be used with RESERVED_RES_FORBID",
                params=[("zoneInfo.resPool", "conflicts with resourceConsumption")],
            )
        pool = await pools.get(ctx, info.resPool)
        if (
            pool is None
            or pool.zone_id != info.zoneId
            or pool.app_provider_id != body.appProviderId
        ):
            raise Unprocessable(
                f"resource pool {info.resPool!r} is not a pool of this provider on the zone",
                params=[("zoneInfo.resPool", "unknown pool")],
                cause="UNKNOWN_POOL",
            )
        if info.flavourId not in pool.flavours:
            raise Unprocessable(
                f"pool {info.resPool!r} reserves no {info.flavourId!r}",
                params=[("zoneInfo.flavourId", "not reserved in the pool")],
            )
        if await pool_free_slots(session, pool, info.flavourId) > 0:
            return pool.pool_id, None
        return None, f"resource pool {pool.pool_id} has no free {info.flavourId}"
    if info.resourceConsumption in (_SHALL, _PREFER):
        for pool in await pools.list(ctx, body.appProviderId, info.zoneId):
            if await pool_free_slots(session, pool, info.flavourId) > 0:
                return pool.pool_id, None
        if info.resourceConsumption is _SHALL:
            return None, f"no reserved {info.flavourId} free in this provider's pools"
    zone = await zone_or_422(session, info.zoneId, lock=True)
    free = await zone_free(session, zone)
    if spec.resources.fits_in(free):
        return None, None
    return None, (
        f"insufficient capacity on zone {info.zoneId}: {spec.flavour_id} needs "
        f"{spec.resources.describe()}, {free.describe()} free"
    )


async def install(
    session: AsyncSession,
    settings: Settings,
    fed: FederationRow,
    body: InstallAppRequest,
    app_instance_id: str | None,
) -> InstallAppResponse:
    """InstallApp: the instance is PENDING; its deploy job makes it READY or FAILED."""
    accept_url(settings, body.appInstCallbackLink, "appInstCallbackLink")
    deploy_seconds = settings.instances.deploy_seconds
    ctx = fed.federation_context_id
    info = body.zoneInfo
    zone = await usable_zone_or_422(session, fed, info.zoneId, "zoneInfo.zoneId")
    app = await applications.find_app(session, ctx, body.appId)
    if app is None:
        raise Unprocessable(
            f"application {body.appId!r} is not onboarded in this federation",
            params=[("appId", "unknown application")],
            cause="APP_NOT_FOUND",
        )
    if app.app_provider_id != body.appProviderId:
        raise Unprocessable(
            f"application {body.appId!r} belongs to another application provider",
            params=[("appProviderId", "not the provider of the application")],
        )
    version = str(app.meta_data.get("version", body.appVersion))
    if version != body.appVersion:
        raise Unprocessable(
            f"version {body.appVersion!r} of {body.appId!r} is not onboarded (have {version!r})",
            params=[("appVersion", "not the onboarded version")],
        )
    await applications.require_onboarded(session, ctx, body.appId, info.zoneId)
    spec = flavour_or_422(zone, info.flavourId, "zoneInfo.flavourId")
    repo = InstanceRepository(session)
    instance_id = app_instance_id or f"inst_{uuid.uuid4().hex}"
    if await repo.get(ctx, instance_id) is not None:
        raise AlreadyExists(
            f"application instance {instance_id!r} already exists",
            params=[("appInstanceId", "duplicate")],
            cause="INSTANCE_EXISTS",
        )
    pool_id, reason = await _placement(session, fed, body, spec)
    node = None if reason else await place(session, info.zoneId, spec.resources)
    inst = AppInstanceRow(
        id=str(uuid.uuid4()),
        federation_context_id=ctx,
        app_instance_id=instance_id,
        app_id=body.appId,
        app_provider_id=body.appProviderId,
        app_version=body.appVersion,
        zone_id=info.zoneId,
        flavour_id=spec.flavour_id,
        num_cpu=spec.resources.cpu,
        memory_mb=spec.resources.memory_mb,
        storage_gb=spec.resources.storage_gb,
        res_pool=pool_id,
        state=InstanceState.PENDING,
        holds_capacity=reason is None,
        failure_reason=reason,
        node_id=node,
        callback_link=body.appInstCallbackLink,
    )
    repo.add(inst)
    await session.flush()
    schedule(session, inst, DEPLOY, deploy_seconds)
    await notify(session, fed, inst)
    log.info(
        "instance installing",
        extra={"federation_context_id": ctx, "app_instance_id": instance_id, "zone": info.zoneId},
    )
    return InstallAppResponse(zoneId=info.zoneId, appInstIdentifier=instance_id)


async def _instance(
    session: AsyncSession, fed: FederationRow, app_id: str, app_instance_id: str, zone_id: str
) -> AppInstanceRow:
    inst = await InstanceRepository(session).get(fed.federation_context_id, app_instance_id)
    if inst is None or inst.app_id != app_id or inst.zone_id != zone_id:
        raise NotFound(
            f"application instance {app_instance_id!r} not found", cause="INSTANCE_NOT_FOUND"
        )
    return inst


async def get_details(
    session: AsyncSession, fed: FederationRow, app_id: str, app_instance_id: str, zone_id: str
) -> AppInstanceDetails:
    return details(await _instance(session, fed, app_id, app_instance_id, zone_id))


async def remove(
    session: AsyncSession,
    fed: FederationRow,
    app_id: str,
    app_instance_id: str,
    zone_id: str,
    terminate_seconds: float,
) -> None:
    """RemoveApp: TERMINATING now; the terminate job deletes it and releases its capacity."""
    inst = await _instance(session, fed, app_id, app_instance_id, zone_id)
    if inst.state == InstanceState.TERMINATING:
        raise Conflict(
            f"application instance {app_instance_id!r} is already terminating",
            cause="INSTANCE_TERMINATING",
        )
    jobs = JobRepository(session)
    await jobs.cancel_for(inst.id)
    inst.state = InstanceState.TERMINATING
    inst.updated_at = utcnow()
    InstanceRepository(session).add(inst)
    await session.flush()
    schedule(session, inst, TERMINATE, terminate_seconds)
    await notify(session, fed, inst)


async def list_instances(
    session: AsyncSession, fed: FederationRow, app_id: str, app_provider_id: str
) -> list[ZoneAppInstances]:
    """GetAllAppInstances: the app's instances zone by zone (404 when it has none)."""
    ctx = fed.federation_context_id
    app = await applications.find_app(session, ctx, app_id)
    if app is None or app.app_provider_id != app_provider_id:
        raise applications.app_not_found(app_id)
    by_zone: dict[str, list[AppInstanceState]] = {}
    for inst in await InstanceRepository(session).list_for_app(ctx, app_id, app_provider_id):
        by_zone.setdefault(inst.zone_id, []).append(
            AppInstanceState(
                appInstIdentifier=inst.app_instance_id,
                appInstanceState=InstanceState(inst.state),
            )
        )
    if not by_zone:
        raise NotFound(f"application {app_id!r} has no instances", cause="NO_INSTANCES")
    return [ZoneAppInstances(zoneId=z, appInstanceInfo=items) for z, items in by_zone.items()]
