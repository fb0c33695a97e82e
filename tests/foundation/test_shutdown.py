"""SIGTERM: stop accepting, finish the request in flight, close cleanly."""

from __future__ import annotations

import asyncio
import signal
import sys
import textwrap

import httpx

from tests.helpers.servers import free_port

SERVER = textwrap.dedent(
    """
    import asyncio, sys
    from aiohttp import web
    from op_platform.server import run_app

    async def slow(request):
        await asyncio.sleep(1.5)
        return web.json_response({"done": True})

    async def closed(app):
        yield
        print("cleanup-done", flush=True)

    app = web.Application()
    app.router.add_get("/slow", slow)
    app.cleanup_ctx.append(closed)
    asyncio.run(run_app(app, "127.0.0.1", int(sys.argv[1]), shutdown_timeout=10,
                        on_started=lambda port: print("started", flush=True)))
    """
)


async def test_sigterm_finishes_in_flight_request() -> None:
    port = free_port()
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-c", SERVER, str(port), stdout=asyncio.subprocess.PIPE
    )
    assert process.stdout is not None
    line = await asyncio.wait_for(process.stdout.readline(), 30)
    assert line.strip() == b"started"
    async with httpx.AsyncClient(timeout=30) as client:
        request = asyncio.create_task(client.get(f"http://127.0.0.1:{port}/slow"))
        await asyncio.sleep(0.5)
        process.send_signal(signal.SIGTERM)
        response = await request
        assert response.json() == {"done": True}
        rest = await asyncio.wait_for(process.stdout.read(), 30)
        assert b"cleanup-done" in rest
        assert await process.wait() == 0
        try:
            await client.get(f"http://127.0.0.1:{port}/slow", timeout=2)
            refused = False
        except httpx.ConnectError:
            refused = True
        assert refused
