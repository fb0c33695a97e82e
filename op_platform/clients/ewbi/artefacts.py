"""Artefact and image-file calls to a partner OP: UploadArtefact, GetArtefact, RemoveArtefact,
UploadFile, ViewFile, RemoveFile.

Uploads are ``multipart/form-data`` built here as bytes (so the call can be replayed on its 401
retry): one text part per form field, objects and lists as JSON text, and the binary part
(``artefactFile`` / ``file``) when there is one.
"""

from __future__ import annotations

import json
import secrets
from typing import Any

from op_platform.clients.ewbi.base import EwbiClient, wire
from op_platform.models.ewbi import paths
from op_platform.models.ewbi.artefacts import (
    ARTEFACT_FILE_PART,
    FILE_PART,
    ArtefactInfo,
    ArtefactUploadForm,
    FileInfo,
    FileUploadForm,
)


def form_body(
    fields: dict[str, Any], binary: tuple[str, str, bytes] | None = None
) -> tuple[bytes, str]:
    """A multipart/form-data body and its content type.

    ``fields``: text parts (non-strings as JSON text); ``binary``: (part name, file name, bytes).
    """
    texts = {name: v if isinstance(v, str) else json.dumps(v) for name, v in fields.items()}
    boundary = secrets.token_hex(16)
    while any(boundary in text for text in texts.values()) or (
        binary is not None and boundary.encode() in binary[2]
    ):
        boundary = secrets.token_hex(16)
    chunks: list[bytes] = []
    for name, text in texts.items():
        chunks.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n'
            f"Content-Type: text/plain; charset=utf-8\r\n\r\n{text}\r\n".encode()
        )
    if binary is not None:
        part, filename, data = binary
        chunks.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{part}"; '
            f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
            + data
            + b"\r\n"
        )
    chunks.append(f"--{boundary}--\r\n".encode())
    return b"".join(chunks), f"multipart/form-data; boundary={boundary}"


async def _upload(
    client: EwbiClient, path: str, fields: dict[str, Any], binary: tuple[str, str, bytes] | None
) -> None:
    body, content_type = form_body(fields, binary)
    await client.request("POST", path, content=body, headers={"Content-Type": content_type})


async def upload_artefact(
    client: EwbiClient,
    federation_context_id: str,
    form: ArtefactUploadForm,
    file: bytes | None = None,
    filename: str = "artefact.zip",
) -> None:
    """UploadArtefact: the form, plus the artefact file when ``repoType`` is UPLOAD."""
    binary = (ARTEFACT_FILE_PART, filename, file) if file is not None else None
    await _upload(client, paths.artefacts(federation_context_id), wire(form), binary)


async def get_artefact(
    client: EwbiClient, federation_context_id: str, artefact_id: str
) -> ArtefactInfo:
    response = await client.request("GET", paths.artefact(federation_context_id, artefact_id))
    return client.parse(response, ArtefactInfo)


async def remove_artefact(client: EwbiClient, federation_context_id: str, artefact_id: str) -> None:
    await client.request("DELETE", paths.artefact(federation_context_id, artefact_id))


async def upload_file(
    client: EwbiClient,
    federation_context_id: str,
    form: FileUploadForm,
    file: bytes | None = None,
    filename: str = "image.bin",
) -> None:
    """UploadFile: the form, plus the image itself when ``repoType`` is UPLOAD."""
    binary = (FILE_PART, filename, file) if file is not None else None
    await _upload(client, paths.files(federation_context_id), wire(form), binary)


async def view_file(client: EwbiClient, federation_context_id: str, file_id: str) -> FileInfo:
    response = await client.request("GET", paths.file(federation_context_id, file_id))
    return client.parse(response, FileInfo)


async def remove_file(client: EwbiClient, federation_context_id: str, file_id: str) -> None:
    await client.request("DELETE", paths.file(federation_context_id, file_id))
