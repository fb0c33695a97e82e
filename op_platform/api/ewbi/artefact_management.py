"""EWBI ArtefactManagement handlers (UploadArtefact, GetArtefact, RemoveArtefact), and the
multipart upload and the removal both artefacts and image files use."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiohttp import web
from sqlmodel.ext.asyncio.session import AsyncSession

from op_platform.api.body import json_response
from op_platform.api.context import platform
from op_platform.api.ewbi.access import owned_context
from op_platform.api.ewbi.multipart import M, read_form
from op_platform.models.ewbi.artefacts import ARTEFACT_FILE_PART, ArtefactUploadForm
from op_platform.services.applications import artefact_uploads as service
from op_platform.services.applications.storage import Spooled, Storage

StoreForm = Callable[[AsyncSession, Storage, str, M, Spooled | None], Awaitable[object]]
RemoveStored = Callable[[AsyncSession, Storage, str, str], Awaitable[None]]


async def upload(
    request: web.Request, form_model: type[M], file_part: str, store_form: StoreForm[M]
) -> web.Response:
    """A multipart upload into the caller's federation (artefact or image file): the form is
    read (its file part spooled to disk), then checked and stored in the request's one
    transaction."""
    storage = platform(request).storage
    form = await read_form(request, form_model, file_part=file_part, storage=storage)
    try:
        db, row = await owned_context(request)
        await store_form(db, storage, row.federation_context_id, form.fields, form.upload)
    finally:
        if form.upload is not None:
            form.upload.discard()  # no-op once kept
    return web.Response(status=200)


async def remove(request: web.Request, id_param: str, remove_stored: RemoveStored) -> web.Response:
    """Remove an artefact or image file (named by the path parameter ``id_param``) of the
    caller's federation, with what it stored."""
    db, row = await owned_context(request)
    storage, ctx = platform(request).storage, row.federation_context_id
    await remove_stored(db, storage, ctx, request.match_info[id_param])
    return web.Response(status=200)


async def upload_artefact(request: web.Request) -> web.Response:
    return await upload(request, ArtefactUploadForm, ARTEFACT_FILE_PART, service.upload_artefact)


async def get_artefact(request: web.Request) -> web.Response:
    db, row = await owned_context(request)
    found = await service.get_artefact(
        db, row.federation_context_id, request.match_info["artefactId"]
    )
    return json_response(service.artefact_info(found))


async def remove_artefact(request: web.Request) -> web.Response:
    return await remove(request, "artefactId", service.remove_artefact)
