"""Request bodies with size limits (checked before and while reading) and JSON depth limits."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx
import pytest
from aiohttp import web

from perimeter import BodyRefused, loads, read_limited, spool_body
from perimeter.safejson import depth_exceeds
from tests.helpers.loopback import Serve

LIMIT = 1000
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def body_app(spool_dir: Path, events: list[str]) -> web.Application:
    @web.middleware
    async def refusals(request: web.Request, handler: Handler) -> web.StreamResponse:
        try:
            return await handler(request)
        except BodyRefused as exc:
            events.append(exc.rule)
            return web.json_response({"rule": exc.rule}, status=exc.status)

    async def read_json(request: web.Request) -> web.Response:
        return web.json_response({"got": loads(await read_limited(request, LIMIT))})

    async def upload(request: web.Request) -> web.Response:
        async with spool_body(request, 10 * LIMIT, spool_dir) as spooled:
            events.append(f"spooled {spooled.size} in {spooled.path.parent.name}")
            assert spooled.read()[:3] == b"abc"
        return web.json_response({"size": spooled.size})

    app = web.Application(middlewares=[refusals])
    app.router.add_post("/json", read_json)
    app.router.add_put("/upload", upload)
    return app


@pytest.fixture
async def server(serve: Serve, tmp_path: Path) -> tuple[str, list[str], Path]:
    events: list[str] = []
    spool = tmp_path / "spool"
    spool.mkdir()
    port = await serve(body_app(spool, events))
    return f"http://127.0.0.1:{port}", events, spool


async def test_small_json_is_parsed(server: tuple[str, list[str], Path]) -> None:
    url, _, _ = server
    async with httpx.AsyncClient() as http:
        answer = await http.post(url + "/json", content=b'{"a": [1, {"b": "[[[["}]}')
    assert answer.json() == {"got": {"a": [1, {"b": "[[[["}]}}


async def test_declared_length_over_the_limit_is_refused_unread(
    server: tuple[str, list[str], Path],
) -> None:
    url, events, _ = server
    port = int(url.rsplit(":", 1)[1])
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    head = f"POST /json HTTP/1.1\r\nHost: x\r\nContent-Length: {60_000_000}\r\n\r\n"
    writer.write(head.encode() + b"[" * 100)
    await writer.drain()
    status_line = await asyncio.wait_for(reader.readline(), 30)
    assert status_line.startswith(b"HTTP/1.1 413")
    assert events == ["body-too-large"]
    writer.close()


async def test_chunked_body_is_cut_at_the_limit(server: tuple[str, list[str], Path]) -> None:
    url, events, _ = server

    async def chunks():  # type: ignore[no-untyped-def]
        for _ in range(50):
            yield b" " * 100

    async with httpx.AsyncClient() as http:
        answer = await http.post(url + "/json", content=chunks())
    assert answer.status_code == 413 and answer.json() == {"rule": "body-too-large"}
    assert events == ["body-too-large"]


async def test_deep_json_is_refused_without_recursion(
    server: tuple[str, list[str], Path],
) -> None:
    url, _, _ = server
    async with httpx.AsyncClient() as http:
        deep = await http.post(url + "/json", content=b"[" * 400 + b"]" * 400)
        bad = await http.post(url + "/json", content=b'{"a": ')
    assert deep.status_code == 400 and deep.json() == {"rule": "json-too-deep"}
    assert bad.status_code == 400 and bad.json() == {"rule": "malformed-json"}


def test_loads_rules() -> None:
    assert loads(json.dumps({"k": "{[" * 50}), max_depth=1) == {"k": "{[" * 50}
    assert loads('["\\"[[["]', max_depth=1) == ['"[[[']
    nested = "[" * 32 + "]" * 32
    assert loads(nested) == json.loads(nested)
    for text, rule in [
        ("[" * 33 + "]" * 33, "json-too-deep"),
        ("[" * 100_000, "json-too-deep"),
        ('{"a": {"b": ' * 20 + "1" + "}}" * 20, "json-too-deep"),
        ("[NaN]", "malformed-json"),
        ('{"a": Infinity}', "malformed-json"),
        (b"\xff\xfe[]", "malformed-json"),
        ('"unterminated [[[[', "malformed-json"),
    ]:
        with pytest.raises(BodyRefused) as caught:
            loads(text)
        assert caught.value.rule == rule and caught.value.status == 400
    assert not depth_exceeds('"' + "[" * 100, 2)


async def test_upload_is_spooled_to_disk_and_removed(
    server: tuple[str, list[str], Path],
) -> None:
    url, events, spool = server
    async with httpx.AsyncClient() as http:
        ok = await http.put(url + "/upload", content=b"abc" + b"x" * 5000)
        big = await http.put(url + "/upload", content=b"abc" + b"x" * 20_000)
    assert ok.json() == {"size": 5003}
    assert big.status_code == 413
    assert events == ["spooled 5003 in spool", "body-too-large"]
    assert list(spool.iterdir()) == []
