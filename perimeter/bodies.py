"""Request bodies read with a size limit that is enforced before and while reading.

A ``Content-Length`` over the limit is refused without reading a byte; a body without one
(chunked) is counted as it streams and cut at the limit. Small bodies (JSON) are read into
memory; large ones (package uploads) are streamed to a temporary file with their own limit.
Failures are :class:`BodyRefused` carrying the rule broken and the HTTP status the caller should
answer in its own error format.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from aiohttp import web

TOO_LARGE = "body-too-large"
TOO_DEEP = "json-too-deep"
MALFORMED = "malformed-json"
JSON_LIMIT = 1024 * 1024
CHUNK = 64 * 1024


class BodyRefused(Exception):
    """A body refused by a rule: ``rule`` (``body-too-large``, ``json-too-deep``,
    ``malformed-json``), ``status`` (413 or 400) and a ``detail`` safe to show."""

    def __init__(self, rule: str, detail: str, status: int = 400) -> None:
        super().__init__(detail)
        self.rule = rule
        self.detail = detail
        self.status = status


def too_large(limit: int) -> BodyRefused:
    return BodyRefused(TOO_LARGE, f"the request body is larger than {limit} bytes", 413)


def check_length(request: web.BaseRequest, limit: int) -> None:
    """Refuse a declared ``Content-Length`` over ``limit`` before anything is read."""
    length = request.content_length
    if length is not None and length > limit:
        raise too_large(limit)


async def read_limited(request: web.BaseRequest, limit: int = JSON_LIMIT) -> bytes:
    """The whole body, at most ``limit`` bytes."""
    check_length(request, limit)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.content.iter_chunked(CHUNK):
        size += len(chunk)
        if size > limit:
            raise too_large(limit)
        chunks.append(chunk)
    return b"".join(chunks)


@dataclass(frozen=True)
class SpooledBody:
    path: Path
    size: int

    def read(self) -> bytes:
        return self.path.read_bytes()


@asynccontextmanager
async def spool_body(
    request: web.BaseRequest, limit: int, directory: str | Path | None = None
) -> AsyncIterator[SpooledBody]:
    """Stream the body to a temporary file (at most ``limit`` bytes); the file is deleted when
    the context exits."""
    check_length(request, limit)
    fd, name = tempfile.mkstemp(prefix="upload-", dir=directory)
    path = Path(name)
    try:
        size = 0
        with os.fdopen(fd, "wb") as sink:
            async for chunk in request.content.iter_chunked(CHUNK):
                size += len(chunk)
                if size > limit:
                    raise too_large(limit)
                await asyncio.to_thread(sink.write, chunk)
        yield SpooledBody(path, size)
    finally:
        await asyncio.to_thread(path.unlink, missing_ok=True)
