"""A serving process (the OP's ``run_app``, a mock's ``serve_until_signal``) hides what start-up
made from the cyclic collector and collects the youngest generation less often."""

from __future__ import annotations

import asyncio
import signal
import sys
import textwrap

from mec_mocks.common import serving
from op_platform import server

OP = textwrap.dedent(
    """
    import asyncio, gc, sys
    from aiohttp import web
    from op_platform.server import run_app

    def started(port):
        print(gc.get_freeze_count(), *gc.get_threshold(), flush=True)

    asyncio.run(run_app(web.Application(), "127.0.0.1", 0, on_started=started))
    """
)

MOCK = textwrap.dedent(
    """
    import asyncio, gc
    from aiohttp import web
    from mec_mocks.common import serving

    async def report(app):
        await asyncio.sleep(0.2)  # serve_until_signal settles the collector once started
        print(gc.get_freeze_count(), *gc.get_threshold(), flush=True)

    async def context(app):
        task = asyncio.create_task(report(app))
        yield
        task.cancel()

    app = web.Application()
    app.cleanup_ctx.append(context)
    asyncio.run(serving.serve_until_signal(app, serving.bind_socket("127.0.0.1", 0)))
    """
)


async def _collector_of(script: str) -> list[int]:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-c", script, stdout=asyncio.subprocess.PIPE
    )
    assert process.stdout is not None
    try:
        line = await asyncio.wait_for(process.stdout.readline(), 30)
    finally:
        process.send_signal(signal.SIGTERM)
        await asyncio.wait_for(process.wait(), 30)
    return [int(part) for part in line.split()]


async def test_the_op_server_settles_the_collector_once_up() -> None:
    frozen, *threshold = await _collector_of(OP)
    assert frozen > 10_000  # start-up's objects: modules, aiohttp, pydantic, ...
    assert tuple(threshold) == server.GC_THRESHOLD != (700, 10, 10)


async def test_a_mock_server_settles_the_collector_once_up() -> None:
    frozen, *threshold = await _collector_of(MOCK)
    assert frozen > 10_000
    assert tuple(threshold) == serving.GC_THRESHOLD
