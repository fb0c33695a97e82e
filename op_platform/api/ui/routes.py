"""The ``/ui`` sub-application: the page's route table and its access rule.

The rule is the admin API's (``api/admin/routes.admin_guard``): with ``admin_token`` set, the
state and the reports need the token, as a bearer header or as the page's session cookie (see
``login``); the page's own files and its login form are open, since they hold no data. Without
``admin_token`` only loopback peers are served, every route included. Read-only: every route
is a GET but the login form, which changes nothing on the OP.
"""

from __future__ import annotations

from aiohttp import web

from op_platform import roots
from op_platform.api.admin.routes import admin_guard
from op_platform.api.context import platform
from op_platform.api.routing import Handler, Route, add_routes
from op_platform.api.ui import handlers as h
from op_platform.api.ui import login
from op_platform.keys import UI_MEMORY
from op_platform.services.overview.snapshot import PageMemory

ROUTES = (
    Route("GET", "/", h.page, "ui.page"),
    Route("GET", "/ui.js", h.script, "ui.script"),
    Route("GET", "/ui.css", h.style, "ui.style"),
    Route("POST", "/login", login.login, "ui.login"),
    Route("GET", "/state.json", h.state, "ui.state"),
    Route("GET", "/conformance/{name}", h.conformance_report, "ui.conformanceReport"),
)
OPEN = frozenset({"ui.page", "ui.script", "ui.style", "ui.login"})

guard = admin_guard(login.knows_token)


@web.middleware
async def ui_auth(request: web.Request, handler: Handler) -> web.StreamResponse:
    token_set = platform(request).settings.admin_token is not None
    if token_set and request.match_info.route.name in OPEN:
        return await handler(request)
    return await guard(request, handler)


async def to_page(request: web.Request) -> web.StreamResponse:
    return login.see_other(roots.UI + "/")


def setup(app: web.Application) -> None:
    """Mount ``/ui`` on the root application (``/ui`` itself sends the browser to ``/ui/``)."""
    ui = web.Application(middlewares=[ui_auth])
    ui[UI_MEMORY] = PageMemory()
    add_routes(ui, ROUTES)
    app.router.add_route("GET", roots.UI, to_page, name="ui.toPage")
    app.add_subapp(roots.UI, ui)
