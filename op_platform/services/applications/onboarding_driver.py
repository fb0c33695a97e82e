"""The onboarding driver: moves each application zone from PENDING or DEBOARDING to its end state.

A zone PENDING for ``onboarding.prepare_seconds`` is checked: every artefact of the application
must exist in the federation context (with its bytes, when uploaded inline) and so must every
image file its component specs name. Then the zone is ONBOARDED, or FAILED with the reason.
A DEBOARDING zone becomes REMOVED; an application being deleted is forgotten once every zone is
REMOVED. Each change is a compare-and-set in its own transaction together with its callback, so
replicas on one database never move a zone twice, and a restarted OP carries on from the rows.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlmodel.ext.asyncio.session import AsyncSession

from op_platform.db.application_repository import ApplicationRepository
from op_platform.db.engine import Database
from op_platform.db.tables.application_rows import (
    DEBOARDING,
    FAILED,
    ONBOARDED,
    PENDING,
    REMOVED,
    AppRow,
    AppZoneRow,
)
from op_platform.db.tables.columns import utcnow
from op_platform.services.applications.partner_apps import send_status
from op_platform.services.applications.storage import Storage

log = logging.getLogger(__name__)


async def unusable(session: AsyncSession, storage: Storage, app: AppRow) -> str | None:
    """Why the application cannot be onboarded (None: everything it needs is here)."""
    repo = ApplicationRepository(session)
    ctx = app.federation_context_id
    for spec in app.component_specs:
        artefact_id = str(spec.get("artefactId"))
        artefact = await repo.artefact(ctx, artefact_id)
        if artefact is None:
            return f"artefact {artefact_id} is gone"
        if artefact.stored_path is not None and not storage.exists(artefact.stored_path):
            return f"the bytes of artefact {artefact_id} are missing"
        for component in artefact.component_spec:
            for file_id in component.get("images", []):
                image = await repo.file(ctx, file_id)
                if image is None:
                    return f"image file {file_id} of artefact {artefact_id} was not uploaded"
                if image.stored_path is not None and not storage.exists(image.stored_path):
                    return f"the bytes of image file {file_id} are missing"
    return None


async def advance(session: AsyncSession, storage: Storage, key: tuple[str, str, str]) -> bool:
    """Move one zone row one step; False when there was nothing to do (or another did it)."""
    repo = ApplicationRepository(session)
    # The application row first, locked: DeleteApp locks it too, so the two never both decide
    # that the other will forget the application.
    app = await repo.app(key[0], key[1], lock=True)
    zone: AppZoneRow | None = await repo.zone(*key)
    if zone is None or app is None:
        return False
    if zone.status == PENDING:
        reason = await unusable(session, storage, app)
        moved = await repo.move_zone(zone, FAILED if reason else ONBOARDED, reason=reason)
    elif zone.status == DEBOARDING:
        moved = await repo.move_zone(zone, REMOVED)
    else:
        return False
    if not moved:
        return False
    await send_status(session, app, zone)
    finished = zone.status == REMOVED and app.deleting
    if finished and all(z.status == REMOVED for z in await repo.zones(key[0], key[1])):
        await repo.delete_app(key[0], key[1])
    log.info(
        "application zone moved",
        extra={"app_id": app.app_id, "zone_id": zone.zone_id, "status": zone.status},
    )
    return True


async def advance_due(database: Database, storage: Storage, prepare_seconds: float) -> int:
    """Advance every due zone once (each in its own transaction); the number of zones moved."""
    now = utcnow()
    async with database.transaction() as session:
        rows = await ApplicationRepository(session).due_zones(
            now - timedelta(seconds=prepare_seconds), now
        )
        keys = [(r.federation_context_id, r.app_id, r.zone_id) for r in rows]
    moved = 0
    for key in keys:
        try:
            async with database.transaction() as session:
                moved += await advance(session, storage, key)
        except Exception:
            log.exception("onboarding step failed", extra={"app_id": key[1]})
    return moved
