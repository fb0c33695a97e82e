"""The admin API: access rule, listing with counts, one message, errors."""

from __future__ import annotations

import httpx
import pytest
from aiohttp import web

from op_platform.api.admin.routes import ROUTES, _is_loopback
from op_platform.api.routing import add_routes
from op_platform.api.spec import routed
from op_platform.roots import ADMIN as ROOT
from op_platform.spec_files import load_spec, operations, shape
from tests.conftest import OpFactory
from tests.outbox.helpers import Receiver, put

TOKEN = "admin-secret-token"


async def test_admin_token_is_required_when_set(
    start_ops: OpFactory, http: httpx.AsyncClient
) -> None:
    op = await start_ops(admin_token=TOKEN, outbox={"enabled": False})
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {TOKEN}"}):
        response = await http.get(op.url + "/admin/outbox", headers=headers)
        assert response.status_code == 401
        assert response.headers["content-type"].startswith("application/problem+json")
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
    good = await http.get(op.url + "/admin/outbox", headers={"Authorization": f"Bearer {TOKEN}"})
    assert good.status_code == 200
    assert good.json() == {
        "counts": {"pending": 0, "in_flight": 0, "delivered": 0, "dead": 0},
        "messages": [],
    }


async def test_without_token_loopback_is_served(op: object, http: httpx.AsyncClient) -> None:
    response = await http.get(op.url + "/admin/outbox")  # type: ignore[attr-defined]
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("peer", "allowed"),
    [
        ("127.0.0.1", True),
        ("127.8.9.1", True),
        ("::1", True),
        ("10.0.0.1", False),
        ("192.168.1.4", False),
        ("2001:db8::1", False),
        (None, False),
        ("not-an-ip", False),
    ],
)
def test_loopback_rule(peer: str | None, allowed: bool) -> None:
    assert _is_loopback(peer) is allowed


async def test_list_filter_and_get(
    start_ops: OpFactory, http: httpx.AsyncClient, receiver: Receiver
) -> None:
    op = await start_ops(outbox={"enabled": False})
    first = await put(op, receiver.url + "/a", 1, kind="ewbi.call", correlator="c-1")
    second = await put(op, receiver.url + "/b", 2, kind="meo.notify")
    listed = (await http.get(op.url + "/admin/outbox")).json()
    assert listed["counts"]["pending"] == 2
    assert [m["id"] for m in listed["messages"]] == [second.id, first.id]  # newest first
    only = (await http.get(op.url + "/admin/outbox", params={"kind": "ewbi.call"})).json()
    assert [m["id"] for m in only["messages"]] == [first.id]
    assert only["counts"]["pending"] == 1
    one = (await http.get(op.url + "/admin/outbox", params={"limit": "1"})).json()
    assert len(one["messages"]) == 1
    view = (await http.get(op.url + f"/admin/outbox/{first.id}")).json()
    assert view["status"] == "pending" and view["kind"] == "ewbi.call"
    assert view["body"] == '{"n":1}' and view["correlator"] == "c-1"
    assert view["createdAt"].endswith("Z")


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/admin/outbox?status=lost", 400),
        ("/admin/outbox?limit=0", 400),
        ("/admin/outbox?limit=x", 400),
        ("/admin/outbox/nope", 404),
        ("/admin/nothing-here", 404),
    ],
)
async def test_errors_are_problems(
    op: object, http: httpx.AsyncClient, path: str, status: int
) -> None:
    response = await http.get(op.url + path)  # type: ignore[attr-defined]
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["status"] == status


async def test_retry_unknown_message_is_404(op: object, http: httpx.AsyncClient) -> None:
    response = await http.post(op.url + "/admin/outbox/nope/retry")  # type: ignore[attr-defined]
    assert response.status_code == 404


def test_admin_spec_describes_the_outbox_routes() -> None:
    spec = load_spec("admin")
    assert spec["servers"][0]["url"] == ROOT
    admin = web.Application()
    add_routes(admin, [route for route in ROUTES if route.path.startswith("/outbox")])
    present = {(method, path) for method, path in routed(admin) if method != "HEAD"}
    described = {
        (method, shape(path)) for method, path, _ in operations(spec) if path.startswith("/outbox")
    }
    assert described == present
