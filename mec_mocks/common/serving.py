"""Run aiohttp apps on a socket: in tests, in-process callers and the command line."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import signal
import socket
import ssl
from dataclasses import dataclass

from aiohttp import web


def bind_socket(host: str = "127.0.0.1", port: int = 0) -> socket.socket:
    """Bind a listening TCP socket (port 0 = any free port); the port is known before start."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(128)
    sock.setblocking(False)
    return sock


def url_host(host: str) -> str:
    if host in ("0.0.0.0", ""):
        return "127.0.0.1"
    if host == "::":
        return "[::1]"
    return f"[{host}]" if ":" in host else host


def base_url(host: str, port: int, public_url: str | None = None, scheme: str = "http") -> str:
    """Where callers reach a server bound to ``host``:``port`` (``public_url`` when given)."""
    if public_url:
        return public_url.rstrip("/")
    return f"{scheme}://{url_host(host)}:{port}"


@dataclass
class RunningServer:
    runner: web.AppRunner
    host: str
    port: int
    scheme: str = "http"

    @property
    def url(self) -> str:
        return f"{self.scheme}://{url_host(self.host)}:{self.port}"

    @property
    def app(self) -> web.Application:
        return self.runner.app

    async def stop(self) -> None:
        await self.runner.cleanup()


async def start_server(
    app: web.Application, sock: socket.socket, *, ssl_context: ssl.SSLContext | None = None
) -> RunningServer:
    """Start ``app`` on an already bound socket (see :func:`bind_socket`), over TLS when an
    ``ssl_context`` is given."""
    runner = web.AppRunner(app, access_log=None, handle_signals=False, shutdown_timeout=2.0)
    await runner.setup()
    site = web.SockSite(runner, sock, ssl_context=ssl_context)
    await site.start()
    host, port = sock.getsockname()[:2]
    scheme = "https" if ssl_context is not None else "http"
    return RunningServer(runner=runner, host=host, port=port, scheme=scheme)


GC_THRESHOLD = (10_000, 10, 10)  # Python's default collects the youngest generation every 700


def settle_collector() -> None:
    """Once a mock is up, what start-up made is moved out of the cyclic collector's sight and
    the youngest generation is collected every 10,000 allocations rather than 700: over 100
    cross-network flows the busiest MEO had spent 0.9 s (a tenth of its CPU time) collecting,
    most of it scanning start-up's objects again; after, under 0.05 s."""
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLD)


async def serve_until_signal(
    app: web.Application, sock: socket.socket, *, ssl_context: ssl.SSLContext | None = None
) -> None:
    """Serve until SIGINT or SIGTERM, then shut down gracefully (cleanup_ctx runs)."""
    server = await start_server(app, sock, ssl_context=ssl_context)
    settle_collector()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    try:
        await stop.wait()
    finally:
        await server.stop()
