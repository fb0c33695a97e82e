"""Outbound tokens (cache, refresh, shared fetch) and the peer call helper (401 retry, errors)."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest

from op_platform.clients import call_context as context
from op_platform.clients.call import PeerError, call
from op_platform.clients.outbound_tokens import TokenProvider, TokenProviders
from op_platform.errors import Unavailable, UpstreamError
from tests.helpers.clock import Clock

TOKEN_URL = "http://peer.test/oauth2/token"
API = "http://peer.test/operatorplatform/federation/v1/partner"


class FakePeer:
    """A token endpoint and one API path; tokens are ``t1``, ``t2``... and may be revoked."""

    def __init__(self, expires_in: int = 100) -> None:
        self.expires_in = expires_in
        self.issued = 0
        self.revoked: set[str] = set()
        self.api_status = 200
        self.api_body: object = {"ok": True}
        self.seen: list[httpx.Request] = []

    def handler(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(request)
        if request.url.path == "/oauth2/token":
            assert request.headers["Authorization"].startswith("Basic ")
            assert b"grant_type=client_credentials" in request.content
            assert b"scope=fed-mgmt" in request.content
            self.issued += 1
            return httpx.Response(
                200,
                json={
                    "access_token": f"t{self.issued}",
                    "token_type": "Bearer",
                    "expires_in": self.expires_in,
                },
            )
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        if not token or token in self.revoked:
            challenge = {"WWW-Authenticate": 'Bearer error="invalid_token"'}
            return httpx.Response(
                401, json={"status": 401, "title": "Unauthorized"}, headers=challenge
            )
        if isinstance(self.api_body, dict):
            return httpx.Response(
                self.api_status,
                content=json.dumps(self.api_body),
                headers={"Content-Type": "application/problem+json"},
            )
        return httpx.Response(self.api_status, text=str(self.api_body))


@pytest.fixture
def peer() -> FakePeer:
    return FakePeer()


@pytest.fixture
async def client(peer: FakePeer) -> httpx.AsyncClient:
    async with httpx.AsyncClient(transport=httpx.MockTransport(peer.handler)) as http:
        yield http  # type: ignore[misc]


def provider(http: httpx.AsyncClient, clock: Clock | None = None) -> TokenProvider:
    return TokenProvider(http, TOKEN_URL, "op-a", "s3cret", clock=clock or Clock())


async def test_token_is_cached_then_refreshed_at_80_percent(
    peer: FakePeer, client: httpx.AsyncClient
) -> None:
    clock = Clock()
    tokens = provider(client, clock)
    assert await tokens.token() == "t1"
    clock.now += 79
    assert await tokens.token() == "t1"
    clock.now += 2
    assert await tokens.token() == "t2"
    assert peer.issued == 2


async def test_concurrent_callers_share_one_fetch(
    peer: FakePeer, client: httpx.AsyncClient
) -> None:
    tokens = provider(client)
    got = await asyncio.gather(*(tokens.token() for _ in range(10)))
    assert set(got) == {"t1"}
    assert peer.issued == 1


async def test_invalidate(peer: FakePeer, client: httpx.AsyncClient) -> None:
    tokens = provider(client)
    await tokens.token()
    tokens.invalidate("not-the-current-one")
    assert await tokens.token() == "t1"
    tokens.invalidate()
    assert await tokens.token() == "t2"


async def test_providers_are_shared_per_url_and_client(client: httpx.AsyncClient) -> None:
    providers = TokenProviders(client)
    first = providers.get(TOKEN_URL, "op-a", "s")
    assert providers.get(TOKEN_URL, "op-a", "s") is first
    assert providers.get(TOKEN_URL, "op-c", "s") is not first
    assert "s3cret" not in repr(provider(client))


async def test_call_adds_token_and_context_headers(
    peer: FakePeer, client: httpx.AsyncClient
) -> None:
    reset = context.correlator.set("corr-1"), context.traceparent.set("00-abc-def-01")
    try:
        response = await call(client, "GET", API, tokens=provider(client))
    finally:
        context.correlator.reset(reset[0])
        context.traceparent.reset(reset[1])
    assert response.status_code == 200
    sent = peer.seen[-1]
    assert sent.headers["Authorization"] == "Bearer t1"
    assert sent.headers["x-correlator"] == "corr-1"
    assert sent.headers["traceparent"] == "00-abc-def-01"


async def test_call_retries_once_after_401(peer: FakePeer, client: httpx.AsyncClient) -> None:
    tokens = provider(client)
    await tokens.token()
    peer.revoked.add("t1")
    response = await call(client, "POST", API, tokens=tokens, json={"a": 1})
    assert response.status_code == 200
    assert peer.seen[-1].headers["Authorization"] == "Bearer t2"


async def test_call_gives_up_after_second_401(peer: FakePeer, client: httpx.AsyncClient) -> None:
    tokens = provider(client)
    peer.revoked.update({"t1", "t2", "t3"})
    with pytest.raises(PeerError) as caught:
        await call(client, "GET", API, tokens=tokens)
    assert caught.value.extra["peerStatus"] == 401
    assert peer.issued == 2


async def test_peer_problem_becomes_upstream_error(
    peer: FakePeer, client: httpx.AsyncClient
) -> None:
    peer.api_status = 409
    peer.api_body = {"title": "Conflict", "status": 409, "detail": "federation exists"}
    with pytest.raises(UpstreamError) as caught:
        await call(client, "POST", API, tokens=provider(client))
    error = caught.value
    assert error.status == 502
    assert error.extra == {"peerStatus": 409, "peerProblem": peer.api_body}
    assert "federation exists" in error.detail


async def test_peer_text_error_is_kept(peer: FakePeer, client: httpx.AsyncClient) -> None:
    peer.api_status = 500
    peer.api_body = "boom"
    with pytest.raises(PeerError) as caught:
        await call(client, "GET", API, tokens=provider(client))
    assert caught.value.peer_status == 500
    assert caught.value.peer_body == "boom"


@pytest.mark.parametrize("failure", [httpx.ConnectError("refused"), httpx.ReadTimeout("slow")])
async def test_transport_failures_are_unavailable(failure: Exception) -> None:
    def fail(request: httpx.Request) -> httpx.Response:
        raise failure

    async with httpx.AsyncClient(transport=httpx.MockTransport(fail)) as http:
        with pytest.raises(Unavailable):
            await call(http, "GET", API)
        with pytest.raises(Unavailable):
            await provider(http).token()


@pytest.mark.parametrize("status", [400, 401, 500])
async def test_token_refusal_is_upstream_error(status: int) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, json={"error": "invalid_client"})

    async with httpx.AsyncClient(transport=httpx.MockTransport(refuse)) as http:
        with pytest.raises(UpstreamError) as caught:
            await provider(http).token()
    assert caught.value.extra["peerStatus"] == status


async def test_call_without_tokens(peer: FakePeer, client: httpx.AsyncClient) -> None:
    peer.revoked.add("")
    with pytest.raises(PeerError) as caught:
        await call(client, "GET", API, headers={"X-Extra": "1"})
    assert caught.value.peer_status == 401
    assert peer.seen[-1].headers["X-Extra"] == "1"
    assert peer.issued == 0


async def test_partner_provider_against_a_real_op(start_ops: object) -> None:
    from op_platform.settings import Partner
    from tests.helpers.servers import RunningOp

    op_b: RunningOp = await start_ops(  # type: ignore[operator]
        "op-b", clients=[{"client_id": "op-a", "client_secret": "a-secret"}]
    )
    partner = Partner.model_validate(
        {
            "id": "op-b",
            "ewbi_base_url": op_b.url + "/operatorplatform/federation/v1",
            "token_url": op_b.url + "/oauth2/token",
            "client_id": "op-a",
            "client_secret": "a-secret",
        }
    )
    async with httpx.AsyncClient() as http:
        tokens = TokenProviders(http).for_partner(partner)
        try:
            response = await call(
                http, "GET", f"{partner.ewbi_base_url}/fed-1/partner", tokens=tokens
            )
            status = response.status_code
        except PeerError as exc:
            status = exc.peer_status
        assert status not in (401, 403)
        assert tokens.fetches == 1
