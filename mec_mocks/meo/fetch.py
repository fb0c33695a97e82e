"""Fetch ``appPkgPath`` (http, https or file URL) with a size limit."""

from __future__ import annotations

import asyncio
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

import httpx


class FetchError(Exception):
    """The package could not be fetched; the message is safe to show to the client."""


def _read_file(path: Path, limit: int) -> bytes:
    with path.open("rb") as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise FetchError(f"package larger than the {limit} byte limit")
    return data


async def fetch_package(
    url: str, http: httpx.AsyncClient, *, timeout_s: float, limit: int, allow_file: bool = True
) -> bytes:
    parts = urlsplit(url)
    if parts.scheme == "file":
        if not allow_file:
            raise FetchError("file URLs are disabled on this MEO")
        if parts.netloc not in ("", "localhost"):
            raise FetchError(f"file URL host {parts.netloc!r} is not local")
        path = Path(url2pathname(unquote(parts.path)))
        try:
            return await asyncio.to_thread(_read_file, path, limit)
        except OSError as exc:
            raise FetchError(f"cannot read {path}: {exc.strerror or exc}") from None
    if parts.scheme not in ("http", "https"):
        raise FetchError(f"unsupported URL scheme {parts.scheme!r}")
    try:
        async with http.stream("GET", url, timeout=timeout_s, follow_redirects=True) as resp:
            if resp.status_code != 200:
                raise FetchError(f"GET {url} answered HTTP {resp.status_code}")
            chunks: list[bytes] = []
            size = 0
            async for chunk in resp.aiter_bytes():
                size += len(chunk)
                if size > limit:
                    raise FetchError(f"package larger than the {limit} byte limit")
                chunks.append(chunk)
            return b"".join(chunks)
    except httpx.HTTPError as exc:
        raise FetchError(f"cannot fetch {url}: {type(exc).__name__} {exc}".strip()) from None
