"""The page's handlers: its three files (HTML, JS, CSS, from the package's ``static/``), its
state as JSON, and the HTML conformance reports it links to. Nothing here changes the OP."""

from __future__ import annotations

from pathlib import Path

from aiohttp import web

from op_platform.api.context import platform
from op_platform.api.ui import login
from op_platform.errors import NotFound
from op_platform.keys import UI_MEMORY
from op_platform.services.overview.conformance_reports import report_page
from op_platform.services.overview.snapshot import snapshot

STATIC = Path(__file__).resolve().parent / "static"
PAGE_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
# The conformance kit's report is one self-contained page with inline CSS and no script.
REPORT_POLICY = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:"
COMMON = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}


def _file(name: str, content_type: str) -> web.Response:
    headers = {**COMMON, "Cache-Control": "no-cache", "Content-Security-Policy": PAGE_POLICY}
    return web.Response(
        body=(STATIC / name).read_bytes(), content_type=content_type, headers=headers
    )


async def page(request: web.Request) -> web.Response:
    return login.from_query(request) or _file("index.html", "text/html")


async def script(request: web.Request) -> web.Response:
    return _file("ui.js", "text/javascript")


async def style(request: web.Request) -> web.Response:
    return _file("ui.css", "text/css")


async def state(request: web.Request) -> web.Response:
    running = platform(request)
    body = await snapshot(running.deps, request.app[UI_MEMORY])
    return web.json_response(body, headers={**COMMON, "Cache-Control": "no-store"})


async def conformance_report(request: web.Request) -> web.FileResponse:
    name = request.match_info["name"]
    path = report_page(platform(request).settings, name)
    if path is None:
        raise NotFound(f"no conformance report {name!r}")
    headers = {**COMMON, "Content-Security-Policy": REPORT_POLICY, "Content-Type": "text/html"}
    return web.FileResponse(path, headers=headers)
