"""Application onboarding operations (this OP as partner) and their status callbacks.

OnboardApplication stores the application with one PENDING row per zone and answers 202; the
onboarding driver (``services.ewbi.onboarding_driver``) then moves each zone to ONBOARDED, or to
FAILED when an artefact or image file it needs is unusable. Deboarding moves a zone to
DEBOARDING, then the driver to REMOVED. UpdateApplication with ``appComponentSpecs`` moves every
ONBOARDED zone back to PENDING, so the driver checks the new components there (ONBOARDED again,
or FAILED); a QoS-only update just stores. Every change of a zone's state queues one
``onApplicationOnboardStatusEvent`` (``{federationContextId, appId, statusInfo: [{zoneId,
onboardStatusInfo}]}``) to the application's ``appStatusCallbackLink`` through the outbox, in the
transaction that makes the change.
"""

from __future__ import annotations

from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from op_platform.db.application_repository import ApplicationRepository
from op_platform.db.federation_repository import FederationRepository
from op_platform.db.tables import FederationRow
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
from op_platform.db.zone_repository import ZoneRepository
from op_platform.errors import Conflict, NotFound, Unprocessable, refuse_taken
from op_platform.models.ewbi.applications import (
    AppDeploymentZone,
    ApplicationInfo,
    OnboardApplicationRequest,
    UpdateApplicationRequest,
    ZoneForbid,
)
from op_platform.models.ewbi.callbacks import ApplicationOnboardStatusEvent, OnboardStatusInfo
from op_platform.outbox import enqueue
from op_platform.services.applications.app_lookup import app_not_found, count_instances, get_app
from op_platform.services.federation import contexts as federations
from op_platform.services.url_acceptance import accept_url
from op_platform.settings import Settings

CALLBACK_KIND = "ewbi.onApplicationOnboardStatusEvent"


async def send_status(
    session: AsyncSession, app: AppRow, zone: AppZoneRow, federation: FederationRow | None = None
) -> None:
    """Queue the callback announcing the zone's current state."""
    ctx = app.federation_context_id
    if federation is None:
        federation = await FederationRepository(session).get(ctx)
    event = ApplicationOnboardStatusEvent(
        federationContextId=ctx,
        appId=app.app_id,
        statusInfo=[OnboardStatusInfo(zoneId=zone.zone_id, onboardStatusInfo=zone.status)],
    )
    await enqueue(
        session,
        kind=CALLBACK_KIND,
        method="POST",
        url=app.status_callback_link,
        body=event,
        auth=federations.callback_auth(federation) if federation is not None else None,
        ordering_key=f"app:{ctx}:{app.app_id}",
    )


async def _check_zones(
    session: AsyncSession, settings: Settings, zones: list[AppDeploymentZone], field: str
) -> None:
    known = ZoneRepository(session)
    for index, zone in enumerate(zones):
        if await known.get(zone.zoneInfo) is None:
            raise Unprocessable(
                f"zone {zone.zoneInfo!r} is not a zone of this operator platform",
                params=[(f"{field}.{index}.zoneInfo", "unknown zone")],
                cause="UNKNOWN_ZONE",
            )
        if zone.countryCode != settings.country_code:
            raise Unprocessable(
                f"zone {zone.zoneInfo!r} is in {settings.country_code}, not {zone.countryCode}",
                params=[(f"{field}.{index}.countryCode", "not the zone's country")],
                cause="UNKNOWN_ZONE",
            )


async def _check_artefacts(
    session: AsyncSession, ctx: str, specs: list[dict[str, Any]], field: str
) -> None:
    repo = ApplicationRepository(session)
    for index, spec in enumerate(specs):
        artefact_id = spec.get("artefactId")
        if artefact_id is not None and await repo.artefact(ctx, artefact_id) is None:
            raise Unprocessable(
                f"artefact {artefact_id!r} was not uploaded in this federation",
                params=[(f"{field}.{index}.artefactId", "unknown artefact")],
                cause="UNKNOWN_ARTEFACT",
            )


async def _start_zone(
    session: AsyncSession, app: AppRow, zone: AppZoneRow | None, zone_id: str, country: str
) -> AppZoneRow:
    """A zone row PENDING again (new, or after FAILED/REMOVED), with its callback queued."""
    repo = ApplicationRepository(session)
    if zone is None:
        zone = AppZoneRow(
            federation_context_id=app.federation_context_id,
            app_id=app.app_id,
            zone_id=zone_id,
            country_code=country,
            status=PENDING,
            revision=1,
        )
        await repo.add(zone)
    elif not await repo.move_zone(zone, PENDING):
        raise Conflict(f"zone {zone_id!r} changed meanwhile; retry", cause="CONCURRENT_CHANGE")
    await send_status(session, app, zone)
    return zone


async def onboard(
    session: AsyncSession, settings: Settings, ctx: str, body: OnboardApplicationRequest
) -> AppRow:
    accept_url(settings, body.appStatusCallbackLink, "appStatusCallbackLink")
    repo = ApplicationRepository(session)
    found = await repo.app(ctx, body.appId)
    detail = f"application {body.appId!r} is already onboarded in this federation"
    refuse_taken(found, detail, field="appId", cause="APP_EXISTS")
    zones = body.appDeploymentZones
    if zones is None:  # none named: every zone of this OP
        zones = [
            AppDeploymentZone(countryCode=settings.country_code, zoneInfo=z.zone_id)
            for z in await ZoneRepository(session).list()
        ]
    await _check_zones(session, settings, zones, "appDeploymentZones")
    wire = body.wire()
    await _check_artefacts(session, ctx, wire["appComponentSpecs"], "appComponentSpecs")
    app = AppRow(
        federation_context_id=ctx,
        app_id=body.appId,
        app_provider_id=body.appProviderId,
        meta_data=wire["appMetaData"],
        qos_profile=wire["appQoSProfile"],
        component_specs=wire["appComponentSpecs"],
        status_callback_link=body.appStatusCallbackLink,
    )
    await repo.add(app)
    seen: set[str] = set()
    for zone in zones:
        if zone.zoneInfo not in seen:
            seen.add(zone.zoneInfo)
            await _start_zone(session, app, None, zone.zoneInfo, zone.countryCode)
    return app


async def view(session: AsyncSession, ctx: str, app_id: str) -> ApplicationInfo:
    app = await get_app(session, ctx, app_id)
    rows = await ApplicationRepository(session).zones(ctx, app_id)
    live = [z for z in rows if z.status != REMOVED] or list(rows)
    return ApplicationInfo.model_validate(
        {
            "appId": app.app_id,
            "appProviderId": app.app_provider_id,
            "appDeploymentZones": [
                {"countryCode": z.country_code, "zoneInfo": z.zone_id} for z in live
            ],
            "appMetaData": app.meta_data,
            "appQoSProfile": app.qos_profile,
            "appComponentSpecs": app.component_specs,
        }
    )


async def update(
    session: AsyncSession, ctx: str, app_id: str, body: UpdateApplicationRequest
) -> AppRow:
    """Change the QoS profile and/or components; components are matched by componentName.

    New components send every ONBOARDED zone back to PENDING (with its callback) for the
    onboarding driver to check again.
    """
    app = await get_app(session, ctx, app_id)
    wire = body.wire()
    if "appUpdQoSProfile" in wire:
        app.qos_profile = {**app.qos_profile, **wire["appUpdQoSProfile"]}
    if "appComponentSpecs" in wire:
        changes: list[dict[str, Any]] = wire["appComponentSpecs"]
        await _check_artefacts(session, ctx, changes, "appComponentSpecs")
        specs = [dict(spec) for spec in app.component_specs]
        for index, change in enumerate(changes):
            found = next((s for s in specs if s["componentName"] == change["componentName"]), None)
            if found is not None:
                found.update(change)
            elif "artefactId" in change and "serviceNameNB" in change:
                specs.append(change)
            else:
                raise Unprocessable(
                    f"component {change['componentName']!r} is not part of {app_id!r}; a new "
                    "component needs serviceNameNB and artefactId",
                    params=[(f"appComponentSpecs.{index}.componentName", "unknown component")],
                    cause="UNKNOWN_COMPONENT",
                )
        app.component_specs = specs
    app.updated_at = utcnow()
    session.add(app)
    await session.flush()
    if "appComponentSpecs" in wire:
        for zone in await ApplicationRepository(session).zones(ctx, app_id):
            if zone.status == ONBOARDED:
                await _start_zone(session, app, zone, zone.zone_id, zone.country_code)
    return app


async def _deboard_zone(session: AsyncSession, app: AppRow, zone: AppZoneRow) -> None:
    if not await ApplicationRepository(session).move_zone(zone, DEBOARDING):
        raise Conflict(f"zone {zone.zone_id!r} changed meanwhile; retry", cause="CONCURRENT_CHANGE")
    await send_status(session, app, zone)


async def deboard(session: AsyncSession, ctx: str, app_id: str, zone_id: str) -> None:
    app = await get_app(session, ctx, app_id)
    zone = await ApplicationRepository(session).zone(ctx, app_id, zone_id)
    if zone is None or zone.status == REMOVED:
        raise NotFound(
            f"application {app_id!r} is not onboarded on zone {zone_id!r}",
            cause="APP_NOT_ON_ZONE",
        )
    if zone.status == DEBOARDING:
        raise Conflict(f"application {app_id!r} is already leaving zone {zone_id!r}")
    running = await count_instances(session, ctx, app_id, zone_id)
    if running:
        raise Conflict(
            f"{running} instance(s) of {app_id!r} still run on zone {zone_id!r}",
            cause="INSTANCES_EXIST",
        )
    await _deboard_zone(session, app, zone)


async def add_zones(
    session: AsyncSession, settings: Settings, ctx: str, app_id: str, zones: list[str]
) -> None:
    app = await get_app(session, ctx, app_id)
    entries = [AppDeploymentZone(countryCode=settings.country_code, zoneInfo=z) for z in zones]
    await _check_zones(session, settings, entries, "body")
    repo = ApplicationRepository(session)
    for index, zone_id in enumerate(dict.fromkeys(zones)):
        row = await repo.zone(ctx, app_id, zone_id)
        if row is not None and row.status not in (FAILED, REMOVED):
            raise Conflict(
                f"application {app_id!r} is already on zone {zone_id!r} ({row.status})",
                params=[(f"body.{index}", "already onboarded")],
                cause="ZONE_ALREADY_ONBOARDED",
            )
    for zone_id in dict.fromkeys(zones):
        row = await repo.zone(ctx, app_id, zone_id)
        await _start_zone(session, app, row, zone_id, settings.country_code)


async def forbid(session: AsyncSession, ctx: str, app_id: str, items: list[ZoneForbid]) -> None:
    await get_app(session, ctx, app_id)
    repo = ApplicationRepository(session)
    rows = []
    for index, item in enumerate(items):
        row = await repo.zone(ctx, app_id, item.zoneId)
        if row is None or row.status == REMOVED:
            raise Unprocessable(
                f"application {app_id!r} is not onboarded on zone {item.zoneId!r}",
                params=[(f"body.{index}.zoneId", "not a zone of this application")],
                cause="APP_NOT_ON_ZONE",
            )
        rows.append((row, item.forbid))
    for row, value in rows:
        row.forbidden = value
        session.add(row)
    await session.flush()


async def delete_app(session: AsyncSession, ctx: str, app_id: str) -> None:
    """Deboard from every zone, then forget the application (the driver finishes it). The
    application row is locked, as the driver locks it before it moves a zone."""
    if await ApplicationRepository(session).app(ctx, app_id, lock=True) is None:
        raise app_not_found(app_id)
    app = await get_app(session, ctx, app_id)
    running = await count_instances(session, ctx, app_id)
    if running:
        raise Conflict(f"{running} instance(s) of {app_id!r} still exist", cause="INSTANCES_EXIST")
    repo = ApplicationRepository(session)
    app.deleting = True
    session.add(app)
    leaving = False
    for zone in await repo.zones(ctx, app_id):
        if zone.status == DEBOARDING:
            leaving = True
        elif zone.status != REMOVED:
            await _deboard_zone(session, app, zone)
            leaving = True
    if not leaving:
        await repo.delete_app(ctx, app_id)
    else:
        await session.flush()
