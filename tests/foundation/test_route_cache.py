"""The root application's remembered route resolution answers what aiohttp's own resolution
answers, for every route of every interface, cold and warm; misses are not kept; the map stays
bounded; a remembered route still runs its sub-application's authentication."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable

import httpx
from aiohttp import web
from aiohttp.test_utils import make_mocked_request
from aiohttp.web_urldispatcher import UrlMappingMatchInfo

from op_platform.api.interfaces import INTERFACES, Interface
from op_platform.api.route_cache import MAX_PATH, CachedRouter
from op_platform.app import create_app
from op_platform.models.ewbi import paths
from op_platform.roots import EWBI
from op_platform.settings import Settings
from tests.helpers.servers import RunningOp

HeadersFor = Callable[[RunningOp, Interface], Awaitable[dict[str, str]]]
VARIABLE = re.compile(r"\{([^}:]+)(?::[^}]*)?\}")


def _app() -> web.Application:
    return create_app(Settings(operator_id="op-x", country_code="ES"))


def _every_route(app: web.Application) -> list[tuple[str, str]]:
    """(method, concrete path) of every route of the root and of every sub-application."""
    found = []
    pending = [app]
    while pending:
        current = pending.pop()
        for resource in current.router.resources():
            if isinstance(resource, web.PrefixedSubAppResource):
                pending.append(resource._app)  # its resources' paths carry the prefix
                continue
            if isinstance(resource, web.StaticResource):
                continue
            path = VARIABLE.sub(lambda m: f"v-{m.group(1)}", resource.canonical)
            found += [(route.method, path) for route in resource if route.method != "*"]
    return found


def _same(got: UrlMappingMatchInfo, expected: UrlMappingMatchInfo) -> None:
    assert got.route is expected.route
    assert dict(got) == dict(expected)
    assert got.apps == expected.apps
    if expected.apps:  # a root route's application is added later, by the root's _handle
        assert got.current_app is expected.current_app


async def test_every_route_resolves_as_aiohttp_resolves_it_cold_and_warm() -> None:
    app = _app()
    router = app.router
    assert isinstance(router, CachedRouter)
    every = _every_route(app)
    for iface in INTERFACES:  # every interface's operations, not a handful
        assert any(path.startswith(iface.root + "/") for _, path in every), iface.name
    for method, path in every:
        request = make_mocked_request(method, path, app=app)
        expected = await web.UrlDispatcher.resolve(router, request)
        assert expected.http_exception is None, (method, path)
        cold = await router.resolve(request)
        warm = await router.resolve(make_mocked_request(method, path, app=app))
        _same(cold, expected)
        _same(warm, expected)
        assert warm is not cold  # each request gets its own match info
    assert router.remembered == len(set(every))


async def test_a_hit_gives_the_path_variables_of_its_own_path() -> None:
    app = _app()
    first = await app.router.resolve(make_mocked_request("GET", EWBI + paths.zone("c1", "z1")))
    second = await app.router.resolve(make_mocked_request("GET", EWBI + paths.zone("c2", "z2")))
    assert first.route is second.route
    assert dict(first) == {"federationContextId": "c1", "zoneId": "z1"}
    assert dict(second) == {"federationContextId": "c2", "zoneId": "z2"}


async def test_not_found_and_method_not_allowed_are_not_remembered() -> None:
    app = _app()
    router = app.router
    assert isinstance(router, CachedRouter)
    for _ in range(2):
        missing = await router.resolve(make_mocked_request("GET", EWBI + "/no/such/thing/here"))
        assert missing.http_exception is not None and missing.http_exception.status == 404
        refused = await router.resolve(make_mocked_request("PUT", EWBI + paths.zone("c", "z")))
        assert refused.http_exception is not None and refused.http_exception.status == 405
    assert router.remembered == 0


async def test_a_long_path_is_resolved_but_not_remembered() -> None:
    app = _app()
    router = app.router
    assert isinstance(router, CachedRouter)
    long_id = "c" * (MAX_PATH + 1)
    match = await router.resolve(make_mocked_request("GET", EWBI + paths.zone(long_id, "z")))
    assert match.route.name == "GetZoneData" and dict(match)["federationContextId"] == long_id
    assert router.remembered == 0


async def test_the_map_is_bounded() -> None:
    app = _app()
    router = app.router
    assert isinstance(router, CachedRouter)
    router.max_entries = 3
    for n in range(10):
        path = EWBI + paths.zone(f"c{n}", "z")
        match = await router.resolve(make_mocked_request("GET", path, app=app))
        assert match.route.name == "GetZoneData"
        assert dict(match)["federationContextId"] == f"c{n}"
        assert router.remembered <= 3


async def test_a_remembered_route_still_asks_for_a_token(
    op: RunningOp, http: httpx.AsyncClient, api_headers: HeadersFor
) -> None:
    nbi = next(iface for iface in INTERFACES if iface.name == "nbi")
    url = op.url + nbi.root + "/edge-cloud-zones"
    headers = await api_headers(op, nbi)
    assert (await http.get(url, headers=headers)).status_code == 200
    assert (await http.get(url)).status_code == 401
    assert (await http.get(url, headers={"Authorization": "Bearer nope"})).status_code == 401
    assert (await http.get(url, headers=headers)).status_code == 200
