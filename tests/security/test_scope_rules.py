"""require_scopes with a per-operation rule (as the NBI uses it) and principal(request)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from aiohttp import web

from op_platform.api.bearer_auth import require_scopes, route_name
from op_platform.api.middleware import request_middleware
from op_platform.api.principal import principal
from op_platform.db.engine import Database
from op_platform.keys import PLATFORM
from op_platform.security.clients import ClientSpec
from op_platform.security.service import SecurityService
from tests.helpers.auth import bearer
from tests.helpers.servers import Running, bare_platform, serve

READ = "edge-application-management:apps:read"
WRITE = "edge-application-management:apps:write"
RULES = {"listApps": READ, "createApp": WRITE, "whoAmI": None}


async def who(request: web.Request) -> web.Response:
    caller = principal(request)
    return web.json_response({"client": caller.client_id, "scopes": sorted(caller.scopes)})


@pytest.fixture
async def served(database_url: str) -> AsyncIterator[tuple[Running, SecurityService]]:
    database = Database(database_url)
    await database.upgrade()
    service = SecurityService(database, issuer="http://issuer.test")
    await service.bootstrap([ClientSpec("isv", "pw", (READ,), "app-provider")])
    app = web.Application(middlewares=[request_middleware])
    app[PLATFORM] = bare_platform(security=service)
    sub = web.Application()
    sub.middlewares.append(require_scopes(lambda request: RULES[route_name(request)]))
    sub.router.add_get("/apps", who, name="listApps")
    sub.router.add_post("/apps", who, name="createApp")
    sub.router.add_get("/me", who, name="whoAmI")
    app.add_subapp("/api", sub)
    running = await serve(app)
    yield running, service
    await running.stop()
    await database.close()


async def test_per_operation_scopes(
    served: tuple[Running, SecurityService], http: httpx.AsyncClient
) -> None:
    running, service = served
    token = (await service.issue("isv", frozenset({READ}))).access_token
    response = await http.get(running.url + "/api/apps", headers=bearer(token))
    assert response.json() == {"client": "isv", "scopes": [READ]}
    response = await http.post(running.url + "/api/apps", headers=bearer(token))
    assert response.status_code == 403
    assert f'scope="{WRITE}"' in response.headers["WWW-Authenticate"]
    response = await http.get(running.url + "/api/me", headers=bearer(token))
    assert response.status_code == 200
    assert (await http.get(running.url + "/api/me")).status_code == 401
