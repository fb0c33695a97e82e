"""The order routes are added in: the table's, but a path's GET before its other methods when
its rows follow each other (aiohttp matches the path once per resource it tries)."""

from __future__ import annotations

from aiohttp import web

from op_platform.api.routing import Route, add_routes


async def _handler(request: web.Request) -> web.Response:
    return web.Response()


def test_a_paths_get_is_tried_first_and_the_rest_keeps_its_order() -> None:
    rows = [
        Route("POST", "/a", _handler, "createA"),
        Route("DELETE", "/a/{id}", _handler, "deleteA"),
        Route("PATCH", "/a/{id}", _handler, "patchA"),
        Route("GET", "/a/{id}", _handler, "getA"),
        Route("GET", "/b/{id}", _handler, "getB"),
        Route("DELETE", "/a/{id}", _handler, "deleteAgain"),
    ]
    app = web.Application()
    add_routes(app, rows)
    names = [resource.name for resource in app.router.resources()]
    assert names == ["createA", "getA", "deleteA", "patchA", "getB", "deleteAgain"]
