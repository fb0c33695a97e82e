"""Instances on this OP's own zones: instantiating -> ready after ``instances.deploy_seconds``;
terminating -> gone after ``instances.terminate_seconds``. Each instance row carries its next
transition time (``due_at``); a driver applies the due ones, so a restart carries on.

Endpoints: every ``VISIBILITY_EXTERNAL`` network interface of the manifest's components, at
``<instance>.<zone>.<operator>.edge.example`` and the interface's port.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from op_platform.db.nbi_repository import NbiRepository
from op_platform.db.tables.columns import utcnow
from op_platform.db.tables.nbi_rows import NbiInstanceRow
from op_platform.services.instances import provider_events as events
from op_platform.services.instances.partner_instances import hostname
from op_platform.settings import Settings


def endpoints(manifest: dict[str, Any], inst: NbiInstanceRow) -> list[dict[str, Any]] | None:
    fqdn = hostname(inst.instance_id, inst.zone_id, inst.provider)
    found = [
        {"interfaceId": iface["interfaceId"], "accessPoints": {"port": iface["port"], "fqdn": fqdn}}
        for spec in manifest.get("componentSpec") or []
        for iface in spec.get("networkInterfaces") or []
        if iface.get("visibilityType") == "VISIBILITY_EXTERNAL"
    ]
    return found or None


def start(inst: NbiInstanceRow, settings: Settings) -> None:
    inst.status = "instantiating"
    inst.due_at = utcnow() + timedelta(seconds=settings.instances.deploy_seconds)


def stop(inst: NbiInstanceRow, settings: Settings) -> None:
    inst.status = "terminating"
    inst.due_at = utcnow() + timedelta(seconds=settings.instances.terminate_seconds)


async def advance_due(session: AsyncSession) -> int:
    """Apply every due transition; the number applied."""
    repo = NbiRepository(session)
    count = 0
    now = utcnow()
    for inst in await repo.due_instances(now):
        if not await repo.claim_due(inst.instance_id, inst.status, now):
            continue  # changed since it was read; the next pass sees its new state
        inst.due_at = None  # as claim_due stored it
        count += 1
        if inst.status == "terminating":
            await repo.delete(inst)
            if inst.deployment_id is not None:
                await events.deployment_changed(session, inst.deployment_id, gone=inst.instance_id)
            continue
        app = await repo.app(inst.app_id)
        inst.status = "ready"
        inst.endpoints = endpoints(app.manifest if app else {}, inst)
        inst.updated_at = utcnow()
        repo.add(inst)
        await events.emit(session, inst)
    return count
