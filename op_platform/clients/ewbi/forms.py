"""Upload forms (``multipart/form-data``) and the names and versions EWBI patterns demand.

An :class:`UploadForm` is a form model (``FileUploadForm`` / ``ArtefactUploadForm``) plus at
most one binary part. It encodes as bytes, so a call can be replayed (the 401 retry) or stored
in the outbox; the boundary is derived from the content, so the same form always encodes the
same. Object and list parts (``imgOSType``, ``fileRepoLocation``, ``artefactRepoLocation``,
``componentSpec``) are JSON with ``Content-Type: application/json``, as the contract says;
string parts are ``text/plain``.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass

from pydantic import BaseModel

VERSION = re.compile(r"^([0-9]{1,2}\.)?([0-9]{1,2}\.)?([0-9]{1,2})$")


@dataclass(frozen=True)
class UploadForm:
    fields: BaseModel
    file_part: str  # the binary part's name (``file`` / ``artefactFile``)
    filename: str = "upload.bin"
    file: bytes | None = None

    def encode(self) -> tuple[bytes, str]:
        """The body and its content type (with the boundary)."""
        values = self.fields.model_dump(mode="json", by_alias=True, exclude_none=True)
        parts: list[tuple[str, str, bytes]] = []
        for name, value in values.items():
            if isinstance(value, str):
                parts.append((name, "text/plain; charset=utf-8", value.encode()))
            else:
                parts.append((name, "application/json", json.dumps(value).encode()))
        digest = hashlib.sha256(json.dumps(values, sort_keys=True).encode())
        if self.file is not None:
            digest.update(self.file)
        boundary = digest.hexdigest()[:32]
        chunks = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n'
            f"Content-Type: {kind}\r\n\r\n".encode()
            + data
            + b"\r\n"
            for name, kind, data in parts
        ]
        if self.file is not None:
            head = (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{self.file_part}"; '
                f'filename="{self.filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'
            )
            chunks.append(head.encode() + self.file + b"\r\n")
        chunks.append(f"--{boundary}--\r\n".encode())
        return b"".join(chunks), f"multipart/form-data; boundary={boundary}"


def label(text: str, salt: str, size: int = 32) -> str:
    """An EWBI name/label (``^[A-Za-z][A-Za-z0-9_]{7,size-1}$``) made from free text."""
    cleaned = re.sub(r"[^A-Za-z0-9_]", "_", text)
    if not cleaned[:1].isalpha():
        cleaned = "a" + cleaned
    digest = hashlib.sha256(salt.encode()).hexdigest()
    return (cleaned[: size - 9] + "_" + digest)[:size]


def version(text: str) -> str:
    return text if VERSION.match(text) else "1"
