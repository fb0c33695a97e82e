"""A short-lived loopback HTTP server that lets the MEO fetch a local package file."""

from __future__ import annotations

import secrets
from pathlib import Path
from urllib.parse import quote

from aiohttp import web

from mec_mocks.common.serving import RunningServer, bind_socket, start_server, url_host


class PackageFileServer:
    """Serves exactly one file at an unguessable path; counts the fetches."""

    def __init__(
        self, path: Path, host: str = "127.0.0.1", advertise_host: str | None = None
    ) -> None:
        self.path = path
        self.host = host
        self.advertise_host = advertise_host
        self.token = secrets.token_urlsafe(12)
        self.fetches = 0
        self._server: RunningServer | None = None

    async def _get(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            raise web.HTTPNotFound()
        self.fetches += 1
        return web.FileResponse(self.path)

    async def start(self) -> str:
        app = web.Application()
        app.router.add_get("/packages/{token}/{name}", self._get)
        self._server = await start_server(app, bind_socket(self.host, 0))
        host = url_host(self.advertise_host or self.host)
        return f"http://{host}:{self._server.port}/packages/{self.token}/{quote(self.path.name)}"

    async def stop(self) -> None:
        if self._server is not None:
            await self._server.stop()
            self._server = None
