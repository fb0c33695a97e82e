"""Fixtures for the edge site tests: a site on loopback (plain HTTP, time moved by hand), a
client with the lab credentials, and helpers for the admin API."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import httpx
import pytest

from mec_mocks.common.serving import RunningServer
from mec_mocks.testing import Servers

AUTH = ("admin", "admin")
SiteFactory = Callable[..., Awaitable[RunningServer]]


@pytest.fixture
def start_site(servers: Servers) -> SiteFactory:
    async def start(**overrides: Any) -> RunningServer:
        overrides.setdefault("nodes", 2)
        return await servers.edge_site(**overrides)

    return start


@pytest.fixture
async def site(start_site: SiteFactory) -> RunningServer:
    return await start_site()


@pytest.fixture
async def rf(site: RunningServer) -> AsyncIterator[httpx.AsyncClient]:
    """A client of ``site`` with Basic credentials."""
    async with httpx.AsyncClient(base_url=site.url, auth=AUTH, timeout=10.0) as client:
        yield client


async def admin(client: httpx.AsyncClient, path: str, body: Any = None) -> dict[str, Any]:
    """POST (or GET without a body) to the admin API; the site's state after it."""
    if body is None and path in ("/state", "/events"):
        resp = await client.get(f"/admin{path}")
    else:
        resp = await client.post(f"/admin{path}", json=body)
    assert resp.status_code == 200, resp.text
    data: dict[str, Any] = resp.json()
    return data


def node_state(state: dict[str, Any], node: str = "node1") -> dict[str, Any]:
    found: dict[str, Any] = next(n for n in state["nodes"] if n["id"] == node)
    return found


def assert_redfish_error(resp: httpx.Response, status: int, message_id: str) -> dict[str, Any]:
    """A Redfish error answer with ``status`` whose extended info names ``message_id``."""
    assert resp.status_code == status, resp.text
    body: dict[str, Any] = resp.json()
    error = body["error"]
    assert error["code"].startswith("Base.1.")
    assert error["message"]
    ids = [m["MessageId"] for m in error["@Message.ExtendedInfo"]]
    assert any(i.endswith(message_id) for i in ids), ids
    return body
