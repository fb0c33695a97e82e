"""EWBI artefact handlers: UploadArtefact, GetArtefact, RemoveArtefact."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiohttp import web
from sqlmodel.ext.asyncio.session import AsyncSession

from op_platform.api.body import json_response
from op_platform.api.ewbi.federation import owned
from op_platform.api.ewbi.multipart import M, read_form
from op_platform.keys import DATABASE, SETTINGS
from op_platform.models.ewbi import paths
from op_platform.models.ewbi.artefacts import ARTEFACT_FILE_PART, ArtefactUploadForm
from op_platform.services.ewbi import artefacts as service
from op_platform.services.ewbi.storage import Spooled, Storage


def storage(request: web.Request) -> Storage:
    return Storage.from_settings(request.config_dict[SETTINGS])


async def upload(
    request: web.Request,
    form_model: type[M],
    file_part: str,
    store_form: Callable[[AsyncSession, Storage, str, M, Spooled | None], Awaitable[object]],
) -> web.Response:
    """A multipart upload into the caller's federation (artefact or image file)."""
    database = request.config_dict[DATABASE]
    async with database.transaction() as session:
        await owned(request, session)  # 404 before reading the body
    store = storage(request)
    form = await read_form(request, form_model, file_part=file_part, storage=store)
    try:
        async with database.transaction() as session:
            row = await owned(request, session)
            await store_form(session, store, row.federation_context_id, form.fields, form.upload)
    finally:
        if form.upload is not None:
            form.upload.discard()  # no-op once kept
    return web.Response(status=200)


async def upload_artefact(request: web.Request) -> web.Response:
    return await upload(request, ArtefactUploadForm, ARTEFACT_FILE_PART, service.upload_artefact)


async def get_artefact(request: web.Request) -> web.Response:
    async with request.config_dict[DATABASE].transaction() as session:
        ctx = (await owned(request, session)).federation_context_id
        row = await service.get_artefact(session, ctx, request.match_info["artefactId"])
    return json_response(service.artefact_info(row))


async def remove_artefact(request: web.Request) -> web.Response:
    async with request.config_dict[DATABASE].transaction() as session:
        ctx = (await owned(request, session)).federation_context_id
        await service.remove_artefact(
            session, storage(request), ctx, request.match_info["artefactId"]
        )
    return web.Response(status=200)


def add_routes(app: web.Application) -> None:
    router = app.router
    router.add_post(paths.UPLOAD_ARTEFACT, upload_artefact, name="UploadArtefact")
    router.add_get(paths.GET_ARTEFACT, get_artefact, name="GetArtefact")
    router.add_delete(paths.REMOVE_ARTEFACT, remove_artefact, name="RemoveArtefact")
