"""Every EWBI and callback-receiver path needs a valid token with scope fed-mgmt."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest

from op_platform.db.engine import Database
from op_platform.security import at_rest, signing
from op_platform.security import jwt_tokens as tokens
from op_platform.security.service import SecurityService
from tests.helpers.auth import bearer, fetch_token
from tests.helpers.servers import RunningOp
from tests.security.data import (
    CALLBACK,
    OTHER,
    OTHER_SCOPE,
    OTHER_SECRET,
    PARTNER,
    PROTECTED,
    SECRET,
)


def _foreign_key(kid: str | None = None) -> signing.KeyMaterial:
    private = signing.generate_key()
    jwk = signing.public_jwk(private)
    return signing.KeyMaterial(kid or jwk["kid"], private, jwk, datetime.now(UTC))


async def _service(op: RunningOp, **kwargs: object) -> SecurityService:
    assert op.settings is not None
    passphrase = at_rest.passphrase(op.settings).encode()  # the OP's keys are sealed with it
    service = SecurityService(
        Database(op.settings.database_url),
        issuer=op.url,
        passphrase=passphrase,
        **kwargs,  # type: ignore[arg-type]
    )
    await service.reload()
    return service


def _unauthorized(response: httpx.Response) -> None:
    assert response.status_code == 401
    assert response.headers["Content-Type"].startswith("application/problem+json")
    assert response.headers["WWW-Authenticate"].startswith("Bearer ")
    assert response.json()["status"] == 401


@pytest.mark.parametrize("path", [PROTECTED, CALLBACK])
async def test_missing_token(sec_op: RunningOp, http: httpx.AsyncClient, path: str) -> None:
    method = "GET" if path == PROTECTED else "POST"
    _unauthorized(await http.request(method, sec_op.url + path))


@pytest.mark.parametrize(
    "authorization", ["Bearer", "Bearer not-a-jwt", "Basic b3AtYjpzZWNyZXQ=", "bearer a.b.c"]
)
async def test_malformed(sec_op: RunningOp, http: httpx.AsyncClient, authorization: str) -> None:
    response = await http.get(sec_op.url + PROTECTED, headers={"Authorization": authorization})
    _unauthorized(response)


async def test_expired_token(sec_op: RunningOp, http: httpx.AsyncClient) -> None:
    past = datetime.now(UTC) - timedelta(hours=3)
    service = await _service(sec_op, clock=lambda: past)
    try:
        issued = await service.issue(PARTNER, frozenset({"fed-mgmt"}))
    finally:
        await service.database.close()
    response = await http.get(sec_op.url + PROTECTED, headers=bearer(issued.access_token))
    _unauthorized(response)
    assert "expired" in response.headers["WWW-Authenticate"]


@pytest.mark.parametrize("same_kid", [False, True])
async def test_foreign_signed_token(
    sec_op: RunningOp, http: httpx.AsyncClient, same_kid: bool
) -> None:
    jwks = (await http.get(sec_op.url + "/.well-known/jwks.json")).json()
    key = _foreign_key(jwks["keys"][0]["kid"] if same_kid else None)
    token = tokens.issue(
        key,
        issuer=sec_op.url,
        client_id=PARTNER,
        scopes={"fed-mgmt"},
        ttl=600,
        now=datetime.now(UTC),
    )
    _unauthorized(await http.get(sec_op.url + PROTECTED, headers=bearer(token)))


async def test_wrong_issuer(sec_op: RunningOp, http: httpx.AsyncClient) -> None:
    service = await _service(sec_op)
    service.issuer = "http://elsewhere.example"
    try:
        issued = await service.issue(PARTNER, frozenset({"fed-mgmt"}))
    finally:
        await service.database.close()
    _unauthorized(await http.get(sec_op.url + PROTECTED, headers=bearer(issued.access_token)))


@pytest.mark.parametrize("path", [PROTECTED, CALLBACK])
async def test_wrong_scope(sec_op: RunningOp, http: httpx.AsyncClient, path: str) -> None:
    token = await fetch_token(http, sec_op.url, OTHER, OTHER_SECRET, OTHER_SCOPE)
    method = "GET" if path == PROTECTED else "POST"
    response = await http.request(method, sec_op.url + path, headers=bearer(token))
    assert response.status_code == 403
    assert 'error="insufficient_scope"' in response.headers["WWW-Authenticate"]
    assert 'scope="fed-mgmt"' in response.headers["WWW-Authenticate"]


async def test_good_token_reaches_the_operation(sec_op: RunningOp, http: httpx.AsyncClient) -> None:
    token = await fetch_token(http, sec_op.url, PARTNER, SECRET)
    response = await http.get(sec_op.url + PROTECTED, headers=bearer(token))
    assert response.status_code not in (401, 403), response.text


async def test_root_paths_stay_open(sec_op: RunningOp, http: httpx.AsyncClient) -> None:
    assert (await http.get(sec_op.url + "/healthz")).status_code == 200
