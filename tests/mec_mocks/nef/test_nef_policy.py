"""The NEF calls notification destinations through the outbound URL policy: https to public
addresses by default; a refused destination fails at once, nothing is sent."""

from __future__ import annotations

import argparse
import asyncio

from aiohttp import web

from mec_mocks.common.serving import bind_socket, start_server
from mec_mocks.nef.cli import add_parser, build_config
from mec_mocks.nef.gate import Gate
from mec_mocks.nef.notify import Notifier
from perimeter import Policy, make_client
from tests.mec_mocks.nef.helpers import nef_config


async def _settle(notifier: Notifier) -> None:
    for _ in range(200):
        if notifier.pending() == 0:
            return
        await asyncio.sleep(0.01)


async def _deliver(policy: Policy) -> tuple[str, int, int]:
    received: list[object] = []

    async def sink(request: web.Request) -> web.Response:
        received.append(await request.json())
        return web.Response(status=204)

    app = web.Application()
    app.router.add_post("/n", sink)
    sock = bind_socket("127.0.0.1", 0)
    server = await start_server(app, sock)
    http = make_client(policy)
    try:
        notifier = Notifier(http, nef_config(url_policy=policy), Gate())
        item = notifier.send("sub-1", f"{server.url}/n", "test", {"n": 1})
        await _settle(notifier)
        return item.status, item.attempts, len(received)
    finally:
        await http.aclose()
        await server.stop()


async def test_a_refused_destination_fails_at_once_and_gets_nothing() -> None:
    status, attempts, received = await _deliver(Policy())
    assert (status, attempts, received) == ("FAILED", 1, 0)


async def test_an_allowed_destination_is_notified() -> None:
    status, attempts, received = await _deliver(Policy.loopback())
    assert (status, attempts, received) == ("DELIVERED", 1, 1)


def _args(*flags: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_parser(parser.add_subparsers())
    return parser.parse_args(["nef", *flags])


def test_the_command_line_is_strict_unless_told() -> None:
    strict = build_config(_args(), 9003)
    assert strict.url_policy == Policy() and strict.ca_file is None
    lab = build_config(
        _args("--allow-http", "--allow-network", "127.0.0.0/8", "--ca-file", "ca.pem"), 9003
    )
    assert "http" in lab.url_policy.schemes
    assert [str(n) for n in lab.url_policy.allowed_networks] == ["127.0.0.0/8"]
    assert lab.ca_file == "ca.pem"
