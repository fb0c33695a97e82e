"""UploadFile, ViewFile and RemoveFile (this OP as partner).

An image file is uploaded inline (``repoType`` UPLOAD: the ``file`` part is required and, when a
``checksum`` is given, checked against the bytes: 422 on a mismatch) or named by a repository
location (``fileRepoLocation``). ViewFile answers ``fileRepoLocation``.
"""

from __future__ import annotations

from sqlmodel.ext.asyncio.session import AsyncSession

from op_platform.db.application_repository import ApplicationRepository
from op_platform.db.tables.application_rows import FileRow
from op_platform.errors import Conflict, NotFound, refuse_taken
from op_platform.models.ewbi.artefacts import FileInfo, FileUploadForm
from op_platform.models.ewbi.enums import RepoType
from op_platform.services.applications.artefact_uploads import (
    add_stored,
    check_source,
    public_location,
)
from op_platform.services.applications.storage import Spooled, Storage, verify_checksum

KIND = "files"


def file_not_found(file_id: str) -> NotFound:
    return NotFound(f"file {file_id!r} not found", cause="FILE_NOT_FOUND")


async def upload_file(
    session: AsyncSession,
    storage: Storage,
    ctx: str,
    form: FileUploadForm,
    upload: Spooled | None,
) -> FileRow:
    """Store a new image file; the spooled upload (if any) is kept or discarded by the caller."""
    check_source(
        form.repoType,
        form.fileRepoLocation,
        upload,
        location_field="fileRepoLocation",
        file_field="file",
    )
    repo = ApplicationRepository(session)
    found = await repo.file(ctx, form.fileId)
    detail = f"file {form.fileId!r} already exists in this federation"
    refuse_taken(found, detail, field="fileId", cause="FILE_EXISTS")
    keep = upload is not None and form.repoType == RepoType.UPLOAD
    if keep and upload is not None and form.checksum:
        verify_checksum(form.checksum, upload)
    row = FileRow(
        federation_context_id=ctx,
        file_id=form.fileId,
        app_provider_id=form.appProviderId,
        file_name=form.fileName,
        description=form.fileDescription,
        version_info=form.fileVersionInfo,
        file_type=form.fileType.value,
        checksum=form.checksum,
        img_os_type=form.imgOSType.model_dump(mode="json", by_alias=True, exclude_none=True),
        img_ins_set_arch=form.imgInsSetArch.value,
        repo_type=form.repoType.value,
        repo_location=public_location(form.fileRepoLocation),
    )
    await add_stored(repo, storage, row, KIND, form.fileId, upload if keep else None)
    return row


async def get_file(session: AsyncSession, ctx: str, file_id: str) -> FileRow:
    row = await ApplicationRepository(session).file(ctx, file_id)
    if row is None:
        raise file_not_found(file_id)
    return row


def file_info(row: FileRow) -> FileInfo:
    return FileInfo.model_validate(
        {
            "fileId": row.file_id,
            "appProviderId": row.app_provider_id,
            "fileName": row.file_name,
            "fileDescription": row.description,
            "fileVersionInfo": row.version_info,
            "fileType": row.file_type,
            "checksum": row.checksum,
            "imgOSType": row.img_os_type,
            "imgInsSetArch": row.img_ins_set_arch,
            "repoType": row.repo_type,
            "fileRepoLocation": row.repo_location,
        }
    )


async def remove_file(session: AsyncSession, storage: Storage, ctx: str, file_id: str) -> None:
    """Forget a file; Conflict while an artefact's componentSpec lists it among its images."""
    repo = ApplicationRepository(session)
    row = await get_file(session, ctx, file_id)
    users = [
        artefact.artefact_id
        for artefact in await repo.artefacts(ctx)
        if any(file_id in spec.get("images", []) for spec in artefact.component_spec)
    ]
    if users:
        raise Conflict(
            f"file {file_id!r} is an image of artefact(s) {', '.join(users)}",
            cause="FILE_IN_USE",
        )
    await repo.delete(row)
    storage.remove(row.stored_path)
