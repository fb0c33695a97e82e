"""NBI deployments: an app placed on a set of zones, one instance per zone.

Creating a deployment creates an instance in each zone through the instance service (so local and
partner zones behave as single instances do); a merge-patch of ``edgeCloudZones`` creates the
instances of the zones added and removes those of the zones dropped; deleting the deployment
removes its instances.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlmodel.ext.asyncio.session import AsyncSession

from op_platform.db.nbi_repository import NbiRepository
from op_platform.db.tables.nbi_rows import NbiDeploymentRow
from op_platform.errors import AlreadyExists, Conflict, InvalidInput
from op_platform.models.nbi import (
    AppDeploymentCreate,
    AppDeploymentInfo,
    AppDeploymentPatch,
    AppInstanceCreate,
)
from op_platform.services.applications import provider_apps as apps
from op_platform.services.instances import provider_events as events
from op_platform.services.instances import provider_instances as instances
from op_platform.services.zones.provider_zones import find_zone
from op_platform.settings import Settings


def _unique(zones: Sequence[str]) -> list[str]:
    if len(set(zones)) != len(zones):
        raise InvalidInput("edgeCloudZones lists a zone twice", params=[("edgeCloudZones", "dup")])
    return list(zones)


async def _check(
    session: AsyncSession, settings: Settings, owner: str, app_id: str, zones: Sequence[str]
) -> None:
    await apps.owned_app(session, owner, app_id)
    for zone_id in zones:
        zone = await find_zone(session, settings.operator_id, settings.country_code, zone_id)
        target = await NbiRepository(session).target(app_id, zone.provider)
        if target is None or target.status != "onboarded":
            raise Conflict(f"app {app_id} is not onboarded at {zone.provider}")


async def info(session: AsyncSession, row: NbiDeploymentRow) -> AppDeploymentInfo:
    found = [
        i.instance_id
        for i in await NbiRepository(session).instances(owner=row.owner, app_id=row.app_id)
        if i.deployment_id == row.deployment_id
    ]
    return AppDeploymentInfo(
        appDeploymentName=row.name,
        appDeploymentId=row.deployment_id,
        appId=row.app_id,
        edgeCloudZones=list(row.zones),
        appInstances=found,
    )


async def _instance(
    session: AsyncSession, settings: Settings, row: NbiDeploymentRow, zone_id: str, index: int
) -> None:
    body = AppInstanceCreate.model_validate(
        {
            "name": f"{row.name}_{index}"[:64],
            "appId": row.app_id,
            "edgeCloudZoneId": zone_id,
            "subscriptionRequest": row.subscription,
        }
    )
    await instances.create(session, settings, row.owner, body, deployment_id=row.deployment_id)


async def create(
    session: AsyncSession, settings: Settings, owner: str, body: AppDeploymentCreate
) -> str:
    """A deployment and one instance per zone, in the caller's transaction."""
    events.check_sink(settings, body.subscriptionRequest)
    zones = _unique(body.edgeCloudZones)
    row = NbiDeploymentRow(
        deployment_id=str(uuid.uuid4()),
        owner=owner,
        app_id=body.appId,
        name=body.appDeploymentName,
        zones=zones,
        subscription=body.subscriptionRequest.wire() if body.subscriptionRequest else None,
    )
    await _check(session, settings, owner, body.appId, zones)
    await apps.lock_app(session, body.appId)  # two identical requests: one waits, then sees 409
    for other in await NbiRepository(session).deployments(owner):
        if other.app_id == body.appId and other.name == body.appDeploymentName:
            raise AlreadyExists(
                f"app {body.appId} already has a deployment named {body.appDeploymentName} "
                f"({other.deployment_id})",
                params=[("appDeploymentName", "already used for this app")],
            )
    NbiRepository(session).add(row)
    for index, zone_id in enumerate(zones):
        await _instance(session, settings, row, zone_id, index)
    return row.deployment_id


async def owned(session: AsyncSession, owner: str, deployment_id: str) -> NbiDeploymentRow:
    """The owner's deployment; 410 if it was deleted, 404 if it never was the owner's."""
    row = await NbiRepository(session).deployment(deployment_id)
    return await instances.owned_row(session, owner, "deployment", deployment_id, row)


async def listing(
    session: AsyncSession, owner: str, app_id: str | None, deployment_id: str | None
) -> list[AppDeploymentInfo]:
    """The owner's deployments; asking for one by id that was deleted is 410."""
    found = [
        await info(session, row)
        for row in await NbiRepository(session).deployments(owner)
        if (app_id is None or row.app_id == app_id)
        and (deployment_id is None or row.deployment_id == deployment_id)
    ]
    if not found and deployment_id is not None:
        await instances.refuse_deleted(session, owner, "deployment", deployment_id)
    return found


async def update(
    session: AsyncSession,
    settings: Settings,
    owner: str,
    deployment_id: str,
    patch: AppDeploymentPatch,
) -> AppDeploymentInfo:
    """Rename, and add or remove zones (an instance per added zone), in the caller's
    transaction."""
    row = await owned(session, owner, deployment_id)
    old = list(row.zones)
    new = _unique(patch.edgeCloudZones) if patch.edgeCloudZones is not None else old
    added = [z for z in new if z not in old]
    await _check(session, settings, owner, row.app_id, added)
    if patch.appDeploymentName is not None:
        row.name = patch.appDeploymentName
    row.zones = new
    NbiRepository(session).add(row)
    for inst in await NbiRepository(session).instances(owner=owner, app_id=row.app_id):
        if inst.deployment_id == deployment_id and inst.zone_uuid not in new:
            await instances.remove(session, settings, inst)
    for index, zone_id in enumerate(added, start=len(old)):
        await _instance(session, settings, row, zone_id, index)
    await session.flush()
    return await info(session, row)


async def delete(session: AsyncSession, settings: Settings, owner: str, deployment_id: str) -> None:
    row = await owned(session, owner, deployment_id)
    source = events.deployment_source(events.source(settings, ""), deployment_id)
    await events.deployment_changed(session, deployment_id, deleting=source)
    for inst in await NbiRepository(session).instances(owner=owner, app_id=row.app_id):
        if inst.deployment_id == deployment_id:
            await instances.remove(session, settings, inst)
    await NbiRepository(session).delete(row)
