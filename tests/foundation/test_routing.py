"""How route tables become aiohttp routes: rows one after the other on the same path share one
resource (aiohttp matches a path once per resource it tries), and every route keeps its
operationId as its name."""

from __future__ import annotations

from aiohttp import web
from aiohttp.test_utils import make_mocked_request

from op_platform.api.routing import Route, add_routes


async def _handler(request: web.Request) -> web.Response:
    return web.Response()


ROWS = [
    Route("POST", "/a", _handler, "createA"),
    Route("DELETE", "/a/{id}", _handler, "deleteA"),
    Route("GET", "/a/{id}", _handler, "getA"),
    Route("GET", "/b/{id}", _handler, "getB"),
    Route("PATCH", "/a/{id}", _handler, "patchA"),
]


def test_a_run_of_rows_on_one_path_is_one_resource() -> None:
    app = web.Application()
    add_routes(app, ROWS)
    resources = [(r.canonical, [route.name for route in r]) for r in app.router.resources()]
    assert resources == [
        ("/a", ["createA"]),
        ("/a/{id}", ["deleteA", "getA"]),
        ("/b/{id}", ["getB"]),
        ("/a/{id}", ["patchA"]),
    ]


async def test_each_method_resolves_to_its_operation() -> None:
    app = web.Application()
    add_routes(app, ROWS)
    for method, path, name in [
        ("GET", "/a/1", "getA"),
        ("DELETE", "/a/1", "deleteA"),
        ("PATCH", "/a/1", "patchA"),
        ("POST", "/a", "createA"),
        ("GET", "/b/2", "getB"),
    ]:
        match = await app.router.resolve(make_mocked_request(method, path))
        assert match.route.name == name, (method, path)
    refused = await app.router.resolve(make_mocked_request("PUT", "/a/1"))
    assert refused.http_exception.status == 405
