"""Who may see the page at /ui: the admin access rule, the login cookie, read-only routes."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx
import pytest
from aiohttp import web

from op_platform.api.routing import Handler
from op_platform.api.ui.login import SESSION_SECONDS, cookie_name, session_value
from op_platform.api.ui.routes import OPEN, ROUTES
from op_platform.app import create_app
from tests.conftest import OpFactory
from tests.helpers.servers import Running, free_port, op_settings

TOKEN = "page-admin-token-0123456789"
COOKIE = cookie_name("op-test")


def cookie(value: str) -> dict[str, str]:
    return {"Cookie": f"{COOKIE}={value}"}


def check_unauthenticated(response: httpx.Response) -> None:
    assert response.status_code == 401, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


async def test_state_needs_the_token_or_the_cookie(
    start_ops: OpFactory, http: httpx.AsyncClient
) -> None:
    op = await start_ops(admin_token=TOKEN, outbox={"enabled": False})
    state = op.url + "/ui/state.json"
    check_unauthenticated(await http.get(state))
    check_unauthenticated(await http.get(state, headers={"Authorization": "Bearer wrong"}))
    good = await http.get(state, headers={"Authorization": f"Bearer {TOKEN}"})
    assert good.status_code == 200 and good.json()["operator"]["operatorId"] == "op-test"

    failed = await http.post(op.url + "/ui/login", data={"token": "wrong"})
    assert failed.status_code == 303 and failed.headers["Location"] == "/ui/?login=failed"
    assert "set-cookie" not in failed.headers

    done = await http.post(op.url + "/ui/login", data={"token": TOKEN})
    assert done.status_code == 303 and done.headers["Location"] == "/ui/"
    set_cookie = done.headers["set-cookie"]
    for attribute in ("HttpOnly", "SameSite=Strict", "Path=/ui", f"Max-Age={SESSION_SECONDS}"):
        assert attribute in set_cookie
    value = done.cookies[COOKIE]
    assert TOKEN not in value
    assert (await http.get(state, headers=cookie(value))).status_code == 200
    # the cookie opens the page only, never the admin API
    check_unauthenticated(await http.get(op.url + "/admin/outbox", headers=cookie(value)))


async def test_forged_or_expired_cookies_are_refused(
    start_ops: OpFactory, http: httpx.AsyncClient
) -> None:
    op = await start_ops(admin_token=TOKEN, outbox={"enabled": False})
    state = op.url + "/ui/state.json"
    good = session_value(TOKEN, "op-test")
    expires, signature = good.split(".")
    for value in (
        session_value("another-token", "op-test"),
        session_value(TOKEN, "op-other"),
        session_value(TOKEN, "op-test", now=time.time() - SESSION_SECONDS - 5),
        f"{int(expires) + 3600}.{signature}",
        signature,
        "",
    ):
        check_unauthenticated(await http.get(state, headers=cookie(value)))
    assert (await http.get(state, headers=cookie(good))).status_code == 200


async def test_token_in_the_address_once_sets_the_cookie(
    start_ops: OpFactory, http: httpx.AsyncClient
) -> None:
    op = await start_ops(admin_token=TOKEN, outbox={"enabled": False})
    wrong = await http.get(op.url + "/ui/", params={"token": "wrong"})
    assert wrong.status_code == 303 and wrong.headers["Location"] == "/ui/?login=failed"
    right = await http.get(op.url + "/ui/", params={"token": TOKEN})
    assert right.status_code == 303 and right.headers["Location"] == "/ui/"
    value = right.cookies[COOKIE]
    answer = await http.get(op.url + "/ui/state.json", headers=cookie(value))
    assert answer.status_code == 200


async def test_page_files_are_open_and_hold_no_data(
    start_ops: OpFactory, http: httpx.AsyncClient
) -> None:
    op = await start_ops(admin_token=TOKEN, outbox={"enabled": False})
    for path, media in (
        ("/ui/", "text/html"),
        ("/ui/ui.js", "text/javascript"),
        ("/ui/ui.css", "text/css"),
    ):
        response = await http.get(op.url + path)
        assert response.status_code == 200
        assert response.headers["content-type"].startswith(media)
        policy = response.headers["content-security-policy"]
        assert "default-src 'none'" in policy and "script-src 'self'" in policy
        assert "op-test" not in response.text
    page = (await http.get(op.url + "/ui/")).text
    assert 'src="ui.js"' in page and 'href="ui.css"' in page
    assert "http://" not in page and "https://" not in page  # nothing from elsewhere
    moved = await http.get(op.url + "/ui")
    assert moved.status_code == 303 and moved.headers["Location"] == "/ui/"


def test_the_page_is_read_only() -> None:
    """Every route is a GET; the login form's POST only sets the browser's cookie."""
    changing = {route.name for route in ROUTES if route.method != "GET"}
    assert changing == {"ui.login"}
    assert {route.name for route in ROUTES} >= OPEN


async def test_no_route_accepts_a_write(start_ops: OpFactory, http: httpx.AsyncClient) -> None:
    op = await start_ops(admin_token=TOKEN, outbox={"enabled": False})
    bearer = {"Authorization": f"Bearer {TOKEN}"}
    for method in ("POST", "PUT", "PATCH", "DELETE"):
        response = await http.request(method, op.url + "/ui/state.json", headers=bearer)
        assert response.status_code == 405


def as_peer(address: str) -> Callable[[web.Request, Handler], Awaitable[web.StreamResponse]]:
    """A middleware making every request come from ``address``."""

    @web.middleware
    async def peer(request: web.Request, handler: Handler) -> web.StreamResponse:
        return await handler(request.clone(remote=address))

    return peer


@pytest.mark.parametrize(("peer", "status"), [("10.0.0.7", 403), ("127.0.0.1", 200)])
async def test_without_token_only_loopback_peers_are_served(
    peer: str,
    status: int,
    database_url: str,
    http: httpx.AsyncClient,
    tmp_path: Path,
) -> None:
    port = free_port()
    settings = op_settings(database_url, port, outbox={"enabled": False}, data_dir=str(tmp_path))
    app = create_app(settings)
    app.middlewares.insert(0, as_peer(peer))
    running = await Running(app, port).start()
    try:
        for path in ("/ui/", "/ui/ui.js", "/ui/state.json"):
            response = await http.get(running.url + path)
            assert response.status_code == status, path
        login = await http.post(running.url + "/ui/login", data={"token": "x"})
        assert login.status_code == (303 if status == 200 else 403)
    finally:
        await running.stop()
