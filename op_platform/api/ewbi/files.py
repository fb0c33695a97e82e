"""EWBI image-file handlers: UploadFile, ViewFile, RemoveFile."""

from __future__ import annotations

from aiohttp import web

from op_platform.api.body import json_response
from op_platform.api.ewbi.artefacts import storage, upload
from op_platform.api.ewbi.federation import owned
from op_platform.keys import DATABASE
from op_platform.models.ewbi import paths
from op_platform.models.ewbi.artefacts import FILE_PART, FileUploadForm
from op_platform.services.ewbi import files as service


async def upload_file(request: web.Request) -> web.Response:
    return await upload(request, FileUploadForm, FILE_PART, service.upload_file)


async def view_file(request: web.Request) -> web.Response:
    async with request.config_dict[DATABASE].transaction() as session:
        ctx = (await owned(request, session)).federation_context_id
        row = await service.get_file(session, ctx, request.match_info["fileId"])
    return json_response(service.file_info(row))


async def remove_file(request: web.Request) -> web.Response:
    async with request.config_dict[DATABASE].transaction() as session:
        ctx = (await owned(request, session)).federation_context_id
        await service.remove_file(session, storage(request), ctx, request.match_info["fileId"])
    return web.Response(status=200)


def add_routes(app: web.Application) -> None:
    router = app.router
    router.add_post(paths.UPLOAD_FILE, upload_file, name="UploadFile")
    router.add_get(paths.VIEW_FILE, view_file, name="ViewFile")
    router.add_delete(paths.REMOVE_FILE, remove_file, name="RemoveFile")
