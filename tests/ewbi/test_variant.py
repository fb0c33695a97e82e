"""EWBI onboarding variant (partner side): target checks, ownership, the MEO's answers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from aiohttp import web

from op_platform.models.ewbi import paths
from tests.conftest import OpFactory
from tests.helpers.applications import new_context
from tests.helpers.federation import ewbi, headers_for
from tests.helpers.servers import Running, serve

BODY = {
    "appPkgName": "Demo App",
    "appPkgVersion": "1.0.0",
    "appProvider": "ACME",
    "appPkgPath": "http://127.0.0.1:9/app.zip",
    "checksum": {"algorithm": "SHA-256", "hash": "ab" * 32},
    "appStatusCallbackLink": "http://127.0.0.1:9/cb",
}


class FakeMeo:
    """A MEO answering the variant with a fixed status; records what it received."""

    def __init__(self, status: int = 201) -> None:
        self.status = status
        self.received: list[dict[str, Any]] = []

    async def handle(self, request: web.Request) -> web.Response:
        self.received.append(await request.json())
        if self.status >= 400:
            body = {"title": "Unprocessable", "status": self.status, "detail": "bad package"}
            return web.json_response(body, status=self.status)
        return web.json_response({"id": "pkg-1", "onboardingState": "CREATED"}, status=201)


@pytest.fixture
async def meo() -> AsyncIterator[tuple[FakeMeo, Running]]:
    fake = FakeMeo()
    app = web.Application()
    app.router.add_post("/app_pkgm/v1/op_target_systems/{t}/apptype/{a}/app_packages", fake.handle)
    server = await serve(app)
    yield fake, server
    await server.stop()


def url(op_url: str, ctx: str, target: str = "21401", app_type: str = "cross-network") -> str:
    return ewbi(op_url, paths.app_packages(ctx, target, app_type))


async def test_onboards_at_the_meo_and_is_idempotent(
    start_ops: OpFactory, http: httpx.AsyncClient, meo: tuple[FakeMeo, Running]
) -> None:
    fake, server = meo
    op = await start_ops(meo_url=f"{server.url}/app_pkgm/v1")
    headers = await headers_for(http, op.url)
    ctx = await new_context(http, op.url, headers)
    first = await http.post(url(op.url, ctx), json=BODY, headers=headers)
    assert first.status_code == 201, first.text
    assert first.json()["appPkgId"] == "pkg-1" and first.json()["state"] == "PENDING"
    sent = fake.received[0]
    assert "appStatusCallbackLink" not in sent and sent["appPkgName"] == "Demo App"
    assert sent["userDefinedData"]["x-opOperationId"] == first.json()["operationId"]
    again = await http.post(url(op.url, ctx), json=BODY, headers=headers)
    assert again.status_code == 201 and again.json()["operationId"] == first.json()["operationId"]
    assert len(fake.received) == 1


async def test_meo_refusal_is_carried_back(
    start_ops: OpFactory, http: httpx.AsyncClient, meo: tuple[FakeMeo, Running]
) -> None:
    fake, server = meo
    fake.status = 422
    op = await start_ops(meo_url=f"{server.url}/app_pkgm/v1")
    headers = await headers_for(http, op.url)
    ctx = await new_context(http, op.url, headers)
    response = await http.post(url(op.url, ctx), json=BODY, headers=headers)
    assert response.status_code == 502
    upstream = response.json()["upstream"]
    assert upstream["status"] == 422 and upstream["problem"]["detail"] == "bad package"


async def test_refusals(start_ops: OpFactory, http: httpx.AsyncClient) -> None:
    op = await start_ops(
        clients=[
            {"client_id": "test-client", "client_secret": "test-client-secret"},
            {"client_id": "other-partner", "client_secret": "other-secret-123"},
        ]
    )
    headers = await headers_for(http, op.url)
    ctx = await new_context(http, op.url, headers)
    foreign = await http.post(url(op.url, ctx, "26201"), json=BODY, headers=headers)
    assert foreign.status_code == 422 and "26201" in foreign.json()["detail"]
    no_meo = await http.post(url(op.url, ctx), json=BODY, headers=headers)
    assert no_meo.status_code == 503
    other = await headers_for(http, op.url, "other-partner", "other-secret-123")
    hidden = await http.post(url(op.url, ctx), json=BODY, headers=other)
    assert hidden.status_code == 404
    bad_type = await http.post(url(op.url, ctx, app_type="both"), json=BODY, headers=headers)
    assert bad_type.status_code == 400
    anonymous = await http.post(url(op.url, ctx), json=BODY)
    assert anonymous.status_code == 401


async def test_not_offered(start_ops: OpFactory, http: httpx.AsyncClient) -> None:
    op = await start_ops(flow={"offer_variant": False})
    headers = await headers_for(http, op.url)
    ctx = await new_context(http, op.url, headers)
    response = await http.post(url(op.url, ctx), json=BODY, headers=headers)
    assert response.status_code == 501
    spec = await http.get(f"{op.url}/openapi/ewbi.yaml")
    assert "/op_target_systems/" not in spec.text
