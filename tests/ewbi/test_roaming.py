"""EWBI roaming device authentication, served (AuthenticateDevice), and the admin registry."""

from __future__ import annotations

import logging
from typing import Any

import httpx
import pytest

from op_platform.db.tables.instance_rows import RoamingDeviceRow
from op_platform.keys import PLATFORM
from op_platform.models.ewbi import paths
from tests.helpers.applications import new_context
from tests.helpers.contract import assert_conforms
from tests.helpers.federation import create_federation, ewbi, federation_body, headers_for
from tests.helpers.servers import TEST_CLIENT, TEST_SECRET, RunningOp

DEVICE = "device_0001"
TOKEN = "s3cret-device-token-42"


async def register(http: httpx.AsyncClient, op: RunningOp, **data: Any) -> httpx.Response:
    payload = {"deviceId": DEVICE, "authToken": TOKEN} | data
    return await http.post(op.url + "/admin/devices", json=payload)


def auth_url(op: RunningOp, ctx: str, device: str = DEVICE, token: str = TOKEN) -> str:
    return ewbi(op.url, paths.roaming_auth(ctx, device, token))


async def test_register_and_authenticate(
    http: httpx.AsyncClient, op: RunningOp, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    headers = await headers_for(http, op.url)
    ctx = await new_context(http, op.url, headers)
    r = await register(http, op)
    assert r.status_code == 201
    assert r.json() == {"deviceId": DEVICE, "homeFederation": None}
    assert TOKEN not in r.text
    async with op.app[PLATFORM].database.transaction() as session:
        row = await session.get(RoamingDeviceRow, DEVICE)
    assert row is not None and TOKEN not in row.token_hash

    ok = await http.get(auth_url(op, ctx), headers=headers)
    assert ok.status_code == 200, ok.text
    assert_conforms(ok, "AuthenticateDevice")
    wrong = await http.get(auth_url(op, ctx, token="not-the-token"), headers=headers)
    assert wrong.status_code == 401
    assert_conforms(wrong, "AuthenticateDevice")
    assert wrong.json()["cause"] == "INVALID_DEVICE_TOKEN"
    # No Bearer challenge: a caller must not take it for its access token being refused.
    assert "WWW-Authenticate" not in wrong.headers
    unknown = await http.get(auth_url(op, ctx, device="device_9999"), headers=headers)
    assert unknown.status_code == 404
    assert_conforms(unknown, "AuthenticateDevice")

    # Re-registering replaces the token.
    r = await register(http, op, authToken="a-brand-new-token")
    assert r.status_code == 200
    assert (await http.get(auth_url(op, ctx), headers=headers)).status_code == 401
    ok = await http.get(auth_url(op, ctx, token="a-brand-new-token"), headers=headers)
    assert ok.status_code == 200
    # The token travels in the path but never reaches the server's logs.
    server_logs = [r for r in caplog.records if r.name.startswith(("op_platform", "aiohttp"))]
    assert server_logs
    for record in server_logs:
        text = record.getMessage() + repr(record.__dict__)
        assert TOKEN not in text and "a-brand-new-token" not in text

    assert (await http.delete(op.url + f"/admin/devices/{DEVICE}")).status_code == 204
    assert (await http.delete(op.url + f"/admin/devices/{DEVICE}")).status_code == 404
    assert (await http.get(auth_url(op, ctx), headers=headers)).status_code == 404


async def test_home_federation_limits_who_may_ask(http: httpx.AsyncClient, op: RunningOp) -> None:
    headers = await headers_for(http, op.url)
    home = await new_context(http, op.url, headers)
    body = federation_body("http://127.0.0.1:9", orig_id="op-second")
    other = (await create_federation(http, op.url, headers, body))["federationContextId"]
    assert (await register(http, op, homeFederation=home)).status_code == 201
    assert (await http.get(auth_url(op, home), headers=headers)).status_code == 200
    r = await http.get(auth_url(op, other), headers=headers)
    assert r.status_code == 404 and r.json()["cause"] == "DEVICE_NOT_FOUND"


async def test_errors(http: httpx.AsyncClient, start_ops: Any) -> None:
    other = {"client_id": "other-client", "client_secret": "other-secret", "scopes": ["fed-mgmt"]}
    mine = {"client_id": TEST_CLIENT, "client_secret": TEST_SECRET, "scopes": ["fed-mgmt"]}
    op: RunningOp = await start_ops(clients=[mine, other])
    headers = await headers_for(http, op.url)
    ctx = await new_context(http, op.url, headers)
    assert (await register(http, op)).status_code == 201

    r = await http.get(auth_url(op, ctx, device="x"), headers=headers)
    assert r.status_code == 400
    assert_conforms(r, "AuthenticateDevice")
    assert r.json()["invalidParams"][0]["param"] == "path.deviceId"
    r = await http.get(auth_url(op, ctx, token="short"), headers=headers)
    assert r.status_code == 400
    assert r.json()["invalidParams"][0]["param"] == "path.authToken"
    assert (await http.get(auth_url(op, ctx))).status_code == 401
    r = await http.get(auth_url(op, "no-such-ctx"), headers=headers)
    assert r.status_code == 404 and r.json()["cause"] == "FEDERATION_CONTEXT_NOT_FOUND"
    theirs = await headers_for(http, op.url, "other-client", "other-secret")
    r = await http.get(auth_url(op, ctx), headers=theirs)
    assert r.status_code == 404 and r.json()["cause"] == "FEDERATION_CONTEXT_NOT_FOUND"

    # Admin registration validates its body.
    r = await register(http, op, deviceId="x")
    assert r.status_code == 400
    assert r.json()["invalidParams"][0]["param"] == "deviceId"
    r = await register(http, op, authToken="short")
    assert r.status_code == 400
    r = await register(http, op, extra="field")
    assert r.status_code == 400
