"""Fetch ``appPkgPath`` with a size limit: over http(s) through the MEO's pinned client (the
outbound URL policy is applied to every hop when it connects), or from a ``file://`` URL when
the MEO runs with ``--allow-file-urls``.

A failure says only that the package could not be fetched (or is over the size limit): never
the peer's status, an error text or anything read, so the MEO cannot be used to probe what
answers behind it. The cause is logged for the operator.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

import httpx

log = logging.getLogger(__name__)

NOT_FETCHED = "package could not be fetched"


class FetchError(Exception):
    """The package could not be fetched; the message is safe to show to the client."""


def _too_large(limit: int) -> FetchError:
    return FetchError(f"the package is larger than the {limit} byte limit")


def _read_file(path: Path, limit: int) -> bytes:
    with path.open("rb") as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise _too_large(limit)
    return data


async def _fetch_file(url: str, limit: int, allow_file: bool) -> bytes:
    parts = urlsplit(url)
    if not allow_file or parts.netloc not in ("", "localhost"):
        log.info("file URL refused (file URLs allowed: %s)", allow_file)
        raise FetchError(NOT_FETCHED)
    path = Path(url2pathname(unquote(parts.path)))
    try:
        return await asyncio.to_thread(_read_file, path, limit)
    except OSError as exc:
        log.info("cannot read package file: %s", exc.strerror or type(exc).__name__)
        raise FetchError(NOT_FETCHED) from None


async def fetch_package(
    url: str, http: httpx.AsyncClient, *, timeout_s: float, limit: int, allow_file: bool = False
) -> bytes:
    if urlsplit(url).scheme.lower() == "file":
        return await _fetch_file(url, limit, allow_file)
    try:
        async with http.stream("GET", url, timeout=timeout_s, follow_redirects=True) as resp:
            if resp.status_code != 200:
                log.info("package fetch answered HTTP %d", resp.status_code)
                raise FetchError(NOT_FETCHED)
            declared = resp.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > limit:
                raise _too_large(limit)
            chunks: list[bytes] = []
            size = 0
            async for chunk in resp.aiter_bytes():
                size += len(chunk)
                if size > limit:
                    raise _too_large(limit)
                chunks.append(chunk)
            return b"".join(chunks)
    except httpx.HTTPError as exc:
        log.info("package fetch failed: %s", getattr(exc, "reason", type(exc).__name__))
        raise FetchError(NOT_FETCHED) from None
