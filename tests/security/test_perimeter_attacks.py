"""The perimeter, tried as an attacker would: every URL a caller gives is checked when it is
accepted and again when it is called; bodies are bounded before they are read; a partner holds a
bounded number of federations. Each attack is refused in the interface's own error format, and
nothing is stored, fetched or sent."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest

from op_platform.keys import PLATFORM
from op_platform.models.ewbi import paths
from op_platform.models.nbi import APP_INSTANCE_STATUS_CHANGE
from tests.conftest import OpFactory
from tests.helpers.auth import bearer, fetch_token
from tests.helpers.federation import ewbi, headers_for
from tests.helpers.servers import TEST_CLIENT, TEST_SECRET, RunningOp
from tests.outbox.helpers import FAST, eventually, messages

PUBLIC = "https://partner.example/cb"
INTERNAL = ["http://169.254.169.254/latest/meta-data", "file:///etc/hostname"]
NBI = "/edge-application-management/v0.1alpha1"


def federation_request(
    orig: str, link: str, *, token_url: str | None = None, field: str = "federationNotificationDest"
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "origOPFederationId": orig,
        "origOPCountryCode": "FR",
        "initialDate": "2024-01-01T00:00:00Z",
        field: link,
    }
    if token_url is not None:
        body["partnerCallbackCredentials"] = {
            "tokenUrl": token_url,
            "clientId": "op-a",
            "clientSecret": "op-a-callback-secret",
        }
    return body


def refused(response: httpx.Response, field: str, status: int = 400) -> dict[str, Any]:
    """A refusal that names ``field``, in problem+json, with nothing echoed back."""
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    params = body.get("invalidParams") or []
    assert any(p["param"] == field for p in params), body
    assert "meta-data" not in response.text and "hostname" not in response.text
    return body


async def public_op(start_ops: OpFactory, **overrides: Any) -> RunningOp:
    """An OP with the production outbound policy: https to public addresses only."""
    return await start_ops("op-edge", outbound={}, **overrides)


async def test_internal_urls_are_refused_for_every_federation_link(
    start_ops: OpFactory, http: httpx.AsyncClient
) -> None:
    op = await public_op(start_ops)
    headers = await headers_for(http, op.url)
    admin_url = f"https://127.0.0.1:{op.port}/admin/outbox"
    for bad in [*INTERNAL, admin_url]:
        body = federation_request("op-a", bad)
        answer = await http.post(ewbi(op.url, paths.partner()), json=body, headers=headers)
        refused(answer, "federationNotificationDest")
        body = federation_request("op-a", PUBLIC, token_url=bad)
        answer = await http.post(ewbi(op.url, paths.partner()), json=body, headers=headers)
        refused(answer, "partnerCallbackCredentials.tokenUrl")
        legacy = federation_request("op-a", bad, field="partnerStatusLink")
        answer = await http.post(ewbi(op.url, paths.partner()), json=legacy, headers=headers)
        refused(answer, "partnerStatusLink")
    async with op.app[PLATFORM].database.transaction() as session:
        from op_platform.db.federation_repository import FederationRepository

        assert await FederationRepository(session).count_for_client("test-client") == 0


async def test_internal_urls_are_refused_for_every_callback_of_a_federation(
    start_ops: OpFactory, http: httpx.AsyncClient
) -> None:
    op = await public_op(start_ops)
    headers = await headers_for(http, op.url)
    created = await http.post(
        ewbi(op.url, paths.partner()), json=federation_request("op-a", PUBLIC), headers=headers
    )
    assert created.status_code == 200, created.text
    ctx = created.json()["federationContextId"]
    bad = INTERNAL[0]
    zones = {"acceptedAvailabilityZones": ["zone-1"], "availZoneNotifLink": bad}
    answer = await http.post(ewbi(op.url, paths.zones(ctx)), json=zones, headers=headers)
    refused(answer, "availZoneNotifLink")
    pools = {
        "resRequest": {
            "poolName": "poolname01",
            "flavours": [{"flavourId": "fl-small", "numFlavour": 1}],
            "reserveDuration": {"numOfDays": 1},
        },
        "resourceReservationCallbackLink": bad,
    }
    path = paths.resource_pools(ctx, "zone-1", "provider01")
    refused(
        await http.post(ewbi(op.url, path), json=pools, headers=headers),
        "resourceReservationCallbackLink",
    )
    install = {
        "appId": "demoApp01",
        "appVersion": "1.0",
        "appProviderId": "provider01",
        "zoneInfo": {"zoneId": "zone-1", "flavourId": "fl-small"},
        "appInstCallbackLink": bad,
    }
    refused(
        await http.post(ewbi(op.url, paths.lcm(ctx)), json=install, headers=headers),
        "appInstCallbackLink",
    )


async def test_internal_sinks_are_refused_on_the_nbi(
    start_ops: OpFactory, http: httpx.AsyncClient
) -> None:
    op = await public_op(start_ops)
    token = await fetch_token(
        http, op.url, TEST_CLIENT, TEST_SECRET, "edge-application-management:instances:write"
    )
    headers = bearer(token)
    body = {
        "name": "inst1",
        "appId": "6a2f5b6e-4b5e-4c4e-9a0e-2f9f7e6c1a01",
        "edgeCloudZoneId": "6a2f5b6e-4b5e-4c4e-9a0e-2f9f7e6c1a02",
        "subscriptionRequest": {
            "protocol": "HTTP",
            "sink": "https://169.254.169.254/sink",
            "types": [APP_INSTANCE_STATUS_CHANGE],
        },
    }
    answer = await http.post(op.url + NBI + "/appinstances", json=body, headers=headers)
    assert answer.status_code == 400, answer.text
    assert "subscriptionRequest.sink" in answer.json()["message"]


async def test_a_name_resolving_to_loopback_is_refused_when_called(
    start_ops: OpFactory, http: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Accepted as a public name, refused at connect time: nothing reaches the loopback server
    it resolves to, and the callback is dead after one attempt (no retry can change that)."""
    hits: list[str] = []

    async def resolver(host: str, port: int) -> list[str]:
        hits.append(host)
        return ["127.0.0.1"]

    monkeypatch.setattr("perimeter.resolver.system_resolver", resolver)
    op = await public_op(start_ops, outbox=FAST)
    headers = await headers_for(http, op.url)
    link = "https://rebind.example/cb"
    created = await http.post(
        ewbi(op.url, paths.partner()), json=federation_request("op-a", link), headers=headers
    )
    assert created.status_code == 200, created.text

    async def dead() -> bool:
        return any(m.status == "dead" for m in await messages(op))

    await eventually(dead, what="the refused callback to be dead")
    [message] = await messages(op)
    assert message.attempts == 1 and "outbound policy" in (message.last_error or "")
    assert hits == ["rebind.example"]


async def test_deep_and_huge_json_are_refused_before_harm(
    start_ops: OpFactory, http: httpx.AsyncClient
) -> None:
    op = await start_ops("op-edge", limits={"json_bytes": 64 * 1024})
    headers = await headers_for(http, op.url)
    deep = "[" * 1000 + "]" * 1000
    plain = {**headers, "Content-Type": "application/json"}
    answer = await http.post(ewbi(op.url, paths.partner()), content=deep, headers=plain)
    assert answer.status_code == 400, answer.text
    assert answer.json()["cause"] == "JSON_TOO_DEEP"
    token = await fetch_token(
        http, op.url, TEST_CLIENT, TEST_SECRET, "edge-application-management:apps:write"
    )
    nbi_headers = {**bearer(token), "Content-Type": "application/json"}
    nbi = await http.post(op.url + NBI + "/apps", content=deep, headers=nbi_headers)
    assert nbi.status_code == 400 and nbi.json()["code"] == "INVALID_ARGUMENT", nbi.text
    # A 60 MB body is refused on its Content-Length, before it is sent.
    reader, writer = await asyncio.open_connection("127.0.0.1", op.port)
    head = (
        f"POST /operatorplatform/federation/v1/partner HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        f"Authorization: {headers['Authorization']}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {60 * 1024 * 1024}\r\n\r\n"
    )
    writer.write(head.encode() + b"{" * 1024)
    await writer.drain()
    status = await asyncio.wait_for(reader.readline(), 10)
    writer.close()
    assert b" 413 " in status, status


async def test_a_client_holds_a_bounded_number_of_federations(
    start_ops: OpFactory, http: httpx.AsyncClient
) -> None:
    op = await start_ops("op-edge", limits={"federations_per_client": 2})
    headers = await headers_for(http, op.url)
    for n in range(2):
        body = federation_request(f"op-a{n}", op.url + "/cb")
        ok = await http.post(ewbi(op.url, paths.partner()), json=body, headers=headers)
        assert ok.status_code == 200, ok.text
    third = await http.post(
        ewbi(op.url, paths.partner()), json=federation_request("op-a9", op.url), headers=headers
    )
    assert third.status_code == 403 and third.json()["cause"] == "FEDERATION_LIMIT", third.text


async def test_admin_trusts_no_loopback_behind_a_proxy(
    start_ops: OpFactory, http: httpx.AsyncClient
) -> None:
    op = await start_ops("op-edge", security={"behind_proxy": True})
    answer = await http.get(op.url + "/admin/outbox")
    assert answer.status_code == 403 and "admin_token" in answer.json()["detail"]


async def test_metrics_can_require_a_token(start_ops: OpFactory, http: httpx.AsyncClient) -> None:
    op = await start_ops("op-edge", security={"metrics_token": "scrape-me"})
    assert (await http.get(op.url + "/metrics")).status_code == 401
    good = await http.get(op.url + "/metrics", headers={"Authorization": "Bearer scrape-me"})
    assert good.status_code == 200 and "op_http_requests" in good.text


async def test_secrets_at_rest_are_not_in_clear(
    start_ops: OpFactory, http: httpx.AsyncClient
) -> None:
    op = await start_ops("op-edge")
    headers = await headers_for(http, op.url)
    secret = "callback-secret-that-must-not-leak"
    body = federation_request("op-a", op.url + "/cb", token_url=op.url + "/oauth2/token")
    body["partnerCallbackCredentials"]["clientSecret"] = secret
    ok = await http.post(ewbi(op.url, paths.partner()), json=body, headers=headers)
    assert ok.status_code == 200, ok.text
    settings = op.settings
    assert settings is not None
    from op_platform.security.at_rest import key_file

    key = key_file(settings)
    assert key.stat().st_mode & 0o777 == 0o600
    async with op.app[PLATFORM].database.transaction() as session:
        from sqlalchemy import text

        dumped = json.dumps(
            [
                [str(v) for v in row]
                for table in ("federation", "signing_key")
                for row in (await session.exec(text(f"SELECT * FROM {table}"))).all()  # type: ignore[call-overload]
            ]
        )
    assert secret not in dumped
    assert "BEGIN EC PRIVATE KEY" not in dumped and "BEGIN PRIVATE KEY" not in dumped
