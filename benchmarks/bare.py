"""The floor servers: a bare aiohttp application that answers one JSON document on any GET, or
forwards every GET to the next server of a chain and answers what it got; also the partner that
records what the outbox sends it, and a file server. One process each:
``python -m benchmarks.bare``."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from aiohttp import ClientSession, TCPConnector, web


def answering(body: bytes) -> web.Application:
    async def handle(request: web.Request) -> web.Response:
        return web.Response(body=body, content_type="application/json")

    app = web.Application()
    app.router.add_get("/{tail:.*}", handle)
    return app


def forwarding(next_url: str) -> web.Application:
    """Every GET is sent on to ``next_url`` (same path) and its answer returned."""
    key = web.AppKey("client", ClientSession)

    async def client(app: web.Application):  # type: ignore[no-untyped-def]
        app[key] = ClientSession(connector=TCPConnector(limit=256))
        yield
        await app[key].close()

    async def handle(request: web.Request) -> web.Response:
        async with request.app[key].get(next_url + request.path_qs) as answer:
            body = await answer.read()
        return web.Response(body=body, status=answer.status, content_type="application/json")

    app = web.Application()
    app.cleanup_ctx.append(client)
    app.router.add_get("/{tail:.*}", handle)
    return app


def recording() -> web.Application:
    """A partner: records the JSON body of every POST; ``GET /received`` lists them in order."""
    received: list[object] = []

    async def record(request: web.Request) -> web.Response:
        received.append(await request.json())
        return web.Response(status=204)

    async def listing(request: web.Request) -> web.Response:
        return web.json_response(received)

    async def count(request: web.Request) -> web.Response:
        return web.json_response(len(received))

    app = web.Application()
    app.router.add_get("/received", listing)
    app.router.add_get("/count", count)
    app.router.add_post("/{tail:.*}", record)
    return app


def files(folder: Path) -> web.Application:
    """Serves the files of ``folder`` (application packages the MEOs and OPs fetch)."""

    async def ready(request: web.Request) -> web.Response:
        return web.Response(text="files")

    app = web.Application()
    app.router.add_get("/", ready)
    app.router.add_static("/files", folder)
    return app


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bare")
    parser.add_argument("--port", type=int, required=True)
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--body", type=Path, help="answer this JSON file on every GET")
    mode.add_argument("--next", help="forward every GET to this base URL")
    mode.add_argument("--record", action="store_true", help="record every POST body")
    mode.add_argument("--files", type=Path, help="serve this folder under /files")
    args = parser.parse_args()
    if args.body is not None:
        app = answering(json.dumps(json.loads(args.body.read_bytes())).encode())
    elif args.next is not None:
        app = forwarding(args.next)
    elif args.files is not None:
        app = files(args.files)
    else:
        app = recording()
    web.run_app(app, host="127.0.0.1", port=args.port, access_log=None, print=None)


if __name__ == "__main__":
    main()
