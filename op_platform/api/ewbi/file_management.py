"""EWBI FileManagement handlers: UploadFile, ViewFile, RemoveFile."""

from __future__ import annotations

from aiohttp import web

from op_platform.api.body import json_response
from op_platform.api.ewbi.access import owned_context
from op_platform.api.ewbi.artefact_management import remove, upload
from op_platform.models.ewbi.artefacts import FILE_PART, FileUploadForm
from op_platform.services.applications import image_files as service


async def upload_file(request: web.Request) -> web.Response:
    return await upload(request, FileUploadForm, FILE_PART, service.upload_file)


async def view_file(request: web.Request) -> web.Response:
    db, row = await owned_context(request)
    found = await service.get_file(db, row.federation_context_id, request.match_info["fileId"])
    return json_response(service.file_info(found))


async def remove_file(request: web.Request) -> web.Response:
    return await remove(request, "fileId", service.remove_file)
