"""NBI applications: submit, list, show, delete; each app provider sees only its own.

Submitting an app stores its manifest and onboards it: on this OP's own zones at once (recorded
``onboarded``: the zones are this OP's, no partner is involved) and, for every federation partner
it targets, over the EWBI (see :mod:`services.applications.provider_onboarding`). The manifest's
``edgeCloudProviders`` extension names the operators targeted (this OP and/or partners); without
it, the app targets this OP and every partner it is federated with.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from op_platform.db.federation_repository import PartnerFederationRepository
from op_platform.db.nbi_repository import NbiRepository
from op_platform.db.tables.federation_rows import PartnerFederationRow
from op_platform.db.tables.nbi_rows import NbiAppRow, NbiAppTargetRow
from op_platform.errors import AlreadyExists, Conflict, InvalidInput, NotFound
from op_platform.models.nbi import AppDetails, AppManifest, AppOnboardingStatus
from op_platform.services.applications import provider_onboarding as onboarding
from op_platform.services.identifiers import camara_to_ewbi
from op_platform.settings import Settings

PENDING = "PENDING"


async def federated_partners(
    session: AsyncSession, settings: Settings
) -> dict[str, PartnerFederationRow]:
    """The newest usable federation record of each partner: set up (not PENDING) with a
    partner still configured (one removed from the settings cannot be called)."""
    configured = {partner.id for partner in settings.partners}
    found: dict[str, PartnerFederationRow] = {}
    for record in await PartnerFederationRepository(session).list():
        if record.status != PENDING and record.partner_id in configured:
            found[record.partner_id] = record
    return found


async def submit(
    session: AsyncSession, settings: Settings, owner: str, manifest: AppManifest
) -> str:
    repo = NbiRepository(session)
    if await repo.app_named(owner, manifest.name, manifest.version, manifest.appProvider):
        raise AlreadyExists(
            f"app {manifest.name} {manifest.version} of {manifest.appProvider} already exists"
        )
    partners = await federated_partners(session, settings)
    me = settings.operator_id
    wanted = manifest.edgeCloudProviders
    if wanted is not None:
        unknown = [p for p in wanted if p != me and p not in partners]
        if unknown:
            raise InvalidInput(
                f"edgeCloudProviders names operators this OP is not federated with: "
                f"{', '.join(unknown)}",
                params=[("edgeCloudProviders", "unknown or not federated")],
            )
    targets = set(wanted) if wanted is not None else {me, *partners}
    app_id = str(uuid.uuid4())
    body = manifest.wire()
    body.pop("appId", None)
    app = NbiAppRow(
        app_id=app_id,
        owner=owner,
        name=manifest.name,
        version=manifest.version,
        app_provider=manifest.appProvider,
        manifest=body,
    )
    repo.add(app)
    if me in targets:
        repo.add(NbiAppTargetRow(app_id=app_id, provider=me, local=True, status="onboarded"))
    for partner_id in sorted(targets - {me}):
        await onboarding.onboard_at_partner(session, settings, app, partners[partner_id])
    await session.flush()
    return app_id


async def owned_app(session: AsyncSession, owner: str, app_id: str) -> NbiAppRow:
    """The app, if ``owner`` submitted it; NotFound otherwise (another owner's app included)."""
    app = await NbiRepository(session).app(app_id)
    if app is None or app.owner != owner:
        raise NotFound(f"app {app_id} not found")
    return app


async def lock_app(session: AsyncSession, app_id: str) -> None:
    """Hold the app's row until the transaction ends (``FOR UPDATE`` on PostgreSQL): checks
    made on its instances and deployments are not raced by another request."""
    await NbiRepository(session).lock_app(app_id)


def manifest_of(app: NbiAppRow) -> AppManifest:
    return AppManifest.model_validate({**app.manifest, "appId": app.app_id})


async def list_apps(
    session: AsyncSession, owner: str, page: int = 1, per_page: int = 100
) -> tuple[list[AppManifest], int]:
    """One page of the owner's apps, oldest first, and how many there are in all."""
    found = await NbiRepository(session).apps(owner)
    start = (page - 1) * per_page
    return [manifest_of(app) for app in found[start : start + per_page]], len(found)


def statuses(targets: Sequence[NbiAppTargetRow]) -> list[AppOnboardingStatus]:
    return [
        AppOnboardingStatus.model_validate(
            {"edgeCloudProvider": t.provider, "status": t.status, "reason": t.reason}
        )
        for t in targets
    ]


async def details(session: AsyncSession, owner: str, app_id: str) -> AppDetails:
    app = await owned_app(session, owner, app_id)
    targets = await NbiRepository(session).targets(app_id)
    return AppDetails(appManifest=manifest_of(app), appOnboardingStatus=statuses(targets) or None)


async def delete(session: AsyncSession, settings: Settings, owner: str, app_id: str) -> bool:
    """Delete the app (Conflict while instances exist); True when partners must deboard it."""
    repo = NbiRepository(session)
    app = await owned_app(session, owner, app_id)
    if await repo.instances(app_id=app_id):
        raise Conflict(f"app {app_id} has application instances; delete them first")
    if any(d.app_id == app_id for d in await repo.deployments(owner)):
        raise Conflict(f"app {app_id} has deployments; delete them first")
    queued = False
    for target in await repo.targets(app_id):
        if not target.local and target.federation_context_id is not None:
            await onboarding.deboard_at_partner(session, settings, app_id, target)
            queued = True
        await repo.delete(target)
    await repo.delete(app)
    return queued


async def onboarded_ewbi_ids(
    session: AsyncSession, name: str, version: str, app_provider: str
) -> set[str]:
    """The EWBI ids under which an NBI app (by name, version, provider) is onboarded somewhere:
    the UNI registers clients of such apps and finds their instances at partners."""
    query = select(NbiAppRow).where(
        NbiAppRow.name == name, NbiAppRow.version == version, NbiAppRow.app_provider == app_provider
    )
    ids: set[str] = set()
    for app in (await session.exec(query)).all():
        targets = (
            await session.exec(select(NbiAppTargetRow).where(NbiAppTargetRow.app_id == app.app_id))
        ).all()
        if any(t.status == "onboarded" for t in targets):
            ids.add(camara_to_ewbi(app.app_id))
            ids.update(t.ewbi_app_id for t in targets if t.ewbi_app_id)
    return ids
