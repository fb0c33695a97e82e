"""Read API over the applications onboarded on this OP through the EWBI (this OP as partner).

Other code (application instances, the onboarding flow) asks here whether an application exists
in a federation context, on which zones it is ONBOARDED, and whether new instances are forbidden
on a zone. The operations that change applications live in ``services.ewbi.onboarding``.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel.ext.asyncio.session import AsyncSession

from op_platform.db.application_repository import ApplicationRepository
from op_platform.db.instance_repository import InstanceRepository
from op_platform.db.tables.application_rows import ONBOARDED, REMOVED, AppRow, AppZoneRow
from op_platform.errors import NotFound, Unprocessable


def app_not_found(app_id: str) -> NotFound:
    return NotFound(f"application {app_id!r} is not onboarded here", cause="APP_NOT_FOUND")


async def find_app(session: AsyncSession, ctx: str, app_id: str) -> AppRow | None:
    return await ApplicationRepository(session).app(ctx, app_id)


async def get_app(session: AsyncSession, ctx: str, app_id: str) -> AppRow:
    """The application ``app_id`` of federation context ``ctx``; NotFound otherwise."""
    row = await find_app(session, ctx, app_id)
    if row is None:
        raise app_not_found(app_id)
    return row


async def app_zones(session: AsyncSession, ctx: str, app_id: str) -> Sequence[AppZoneRow]:
    """Every zone row of the application, REMOVED ones included, ordered by zone id."""
    return await ApplicationRepository(session).zones(ctx, app_id)


async def onboarded_zones(session: AsyncSession, ctx: str, app_id: str) -> list[str]:
    """Ids of the zones where the application is ONBOARDED."""
    return [z.zone_id for z in await app_zones(session, ctx, app_id) if z.status == ONBOARDED]


async def zone_status(session: AsyncSession, ctx: str, app_id: str, zone_id: str) -> str | None:
    """The onboarding state of the application on a zone (None: never asked there)."""
    row = await ApplicationRepository(session).zone(ctx, app_id, zone_id)
    return None if row is None else row.status


async def is_deployed_on(session: AsyncSession, ctx: str, app_id: str, zone_id: str) -> bool:
    """Whether the application was asked on the zone and not removed from it since."""
    status = await zone_status(session, ctx, app_id, zone_id)
    return status is not None and status != REMOVED


async def require_onboarded(session: AsyncSession, ctx: str, app_id: str, zone_id: str) -> AppRow:
    """The application if it is ONBOARDED on the zone and the zone is not forbidden for it.

    NotFound when the application does not exist in the context; Unprocessable (422) when it is
    not ONBOARDED on that zone or new instances are forbidden there.
    """
    app = await get_app(session, ctx, app_id)
    row = await ApplicationRepository(session).zone(ctx, app_id, zone_id)
    if row is None or row.status != ONBOARDED:
        state = "not onboarded" if row is None else row.status
        raise Unprocessable(
            f"application {app_id!r} is not ONBOARDED on zone {zone_id!r} ({state})",
            params=[("zoneId", "application not onboarded on this zone")],
            cause="APP_NOT_ONBOARDED",
        )
    if row.forbidden:
        raise Unprocessable(
            f"new instances of application {app_id!r} are forbidden on zone {zone_id!r}",
            params=[("zoneId", "zone forbidden for this application")],
            cause="ZONE_FORBIDDEN",
        )
    return app


async def zone_forbidden(session: AsyncSession, ctx: str, app_id: str, zone_id: str) -> bool:
    """True when LockUnlockApplicationZone forbade new instances of the app on the zone."""
    row = await ApplicationRepository(session).zone(ctx, app_id, zone_id)
    return row is not None and row.forbidden


async def count_instances(
    session: AsyncSession, ctx: str, app_id: str, zone_id: str | None = None
) -> int:
    """Instances of the application (on one zone, or on all) that still exist."""
    return await InstanceRepository(session).count(ctx, app_id, zone_id)
