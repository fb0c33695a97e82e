"""UploadArtefact, GetArtefact and RemoveArtefact (this OP as partner).

An artefact is either uploaded inline (``repoType`` UPLOAD: the ``artefactFile`` part is
required) or named by a repository location (PRIVATEREPO/PUBLICREPO: ``artefactRepoLocation``
with a ``repoURL`` is required). Repository credentials (password, token) are not kept: this OP
never pulls from the repository, so it does not hold a partner's secrets.
"""

from __future__ import annotations

from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from op_platform.db.application_repository import ApplicationRepository
from op_platform.db.tables.application_rows import ArtefactRow, FileRow
from op_platform.errors import Conflict, InvalidInput, NotFound, refuse_taken
from op_platform.models.ewbi.artefacts import ArtefactInfo, ArtefactUploadForm
from op_platform.models.ewbi.common import ObjectRepoLocation
from op_platform.models.ewbi.enums import RepoType
from op_platform.services.applications.storage import Spooled, Storage

KIND = "artefacts"


def artefact_not_found(artefact_id: str) -> NotFound:
    return NotFound(f"artefact {artefact_id!r} not found", cause="ARTEFACT_NOT_FOUND")


def check_source(
    repo_type: RepoType,
    location: ObjectRepoLocation | None,
    upload: Spooled | None,
    *,
    location_field: str,
    file_field: str,
) -> None:
    """UPLOAD needs the binary part; a repository type needs a location with a repoURL."""
    if repo_type == RepoType.UPLOAD:
        if upload is None:
            raise InvalidInput(
                f"repoType UPLOAD needs the {file_field!r} part",
                params=[(file_field, "required when repoType is UPLOAD")],
            )
    elif location is None or not location.repoURL:
        raise InvalidInput(
            f"repoType {repo_type.value} needs {location_field!r} with a repoURL",
            params=[(location_field, f"required when repoType is {repo_type.value}")],
        )


def public_location(location: ObjectRepoLocation | None) -> dict[str, Any] | None:
    """The repository location as kept and shown: without password or token."""
    if location is None:
        return None
    return location.model_dump(mode="json", include={"repoURL", "userName"}, exclude_none=True)


async def add_stored(
    repo: ApplicationRepository,
    storage: Storage,
    row: ArtefactRow | FileRow,
    kind: str,
    object_id: str,
    upload: Spooled | None,
) -> None:
    """Add an artefact's or image file's row; with the ``upload`` to keep, note its size, digest
    and place in the row and move it into the storage once the row is added."""
    ctx = row.federation_context_id
    if upload is not None:
        row.size = upload.size
        row.sha256 = upload.digests.get("sha256")
        row.stored_path = storage.relative(ctx, kind, object_id)
    await repo.add(row)
    if upload is not None:
        storage.keep(upload, ctx, kind, object_id)


async def upload_artefact(
    session: AsyncSession,
    storage: Storage,
    ctx: str,
    form: ArtefactUploadForm,
    upload: Spooled | None,
) -> ArtefactRow:
    """Store a new artefact; the spooled upload (if any) is kept or discarded by the caller."""
    check_source(
        form.repoType,
        form.artefactRepoLocation,
        upload,
        location_field="artefactRepoLocation",
        file_field="artefactFile",
    )
    repo = ApplicationRepository(session)
    found = await repo.artefact(ctx, form.artefactId)
    detail = f"artefact {form.artefactId!r} already exists in this federation"
    refuse_taken(found, detail, field="artefactId", cause="ARTEFACT_EXISTS")
    wire = form.wire()
    row = ArtefactRow(
        federation_context_id=ctx,
        artefact_id=form.artefactId,
        app_provider_id=form.appProviderId,
        name=form.artefactName,
        version_info=form.artefactVersionInfo,
        description=form.artefactDescription,
        virt_type=form.artefactVirtType.value,
        file_name=form.artefactFileName or (upload.filename if upload else None),
        file_format=form.artefactFileFormat.value if form.artefactFileFormat else None,
        descriptor_type=form.artefactDescriptorType.value,
        repo_type=form.repoType.value,
        repo_location=public_location(form.artefactRepoLocation),
        component_spec=wire["componentSpec"],
    )
    kept = upload if form.repoType == RepoType.UPLOAD else None
    await add_stored(repo, storage, row, KIND, form.artefactId, kept)
    return row


async def get_artefact(session: AsyncSession, ctx: str, artefact_id: str) -> ArtefactRow:
    row = await ApplicationRepository(session).artefact(ctx, artefact_id)
    if row is None:
        raise artefact_not_found(artefact_id)
    return row


def artefact_info(row: ArtefactRow) -> ArtefactInfo:
    return ArtefactInfo(
        artefactId=row.artefact_id,
        appProviderId=row.app_provider_id,
        artefactName=row.name,
        artefactVersionInfo=row.version_info,
        artefactDescription=row.description,
        artefactVirtType=row.virt_type,
        artefactFileName=row.file_name,
        artefactFileFormat=row.file_format,
        artefactDescriptorType=row.descriptor_type,
        repoType=row.repo_type,
        artefactRepoLocation=row.repo_location,
    )


async def remove_artefact(
    session: AsyncSession, storage: Storage, ctx: str, artefact_id: str
) -> None:
    """Forget an artefact; Conflict while an application of the context references it."""
    repo = ApplicationRepository(session)
    row = await get_artefact(session, ctx, artefact_id)
    users = [
        app.app_id
        for app in await repo.apps(ctx)
        if any(spec.get("artefactId") == artefact_id for spec in app.component_specs)
    ]
    if users:
        raise Conflict(
            f"artefact {artefact_id!r} is used by onboarded application(s) {', '.join(users)}",
            cause="ARTEFACT_IN_USE",
        )
    await repo.delete(row)
    storage.remove(row.stored_path)
