"""POST /oauth2/revoke (RFC 7009) and client removal: revoked tokens stop working on every
replica; another client's token cannot be revoked."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from op_platform.db.engine import Database
from op_platform.errors import Unauthenticated
from op_platform.keys import PLATFORM
from op_platform.security import revocation
from op_platform.security.service import SecurityService
from tests.helpers.auth import bearer, fetch_token
from tests.helpers.servers import RunningOp
from tests.security.data import OTHER, OTHER_SCOPE, OTHER_SECRET, PARTNER, PROTECTED, SECRET

REVOKE = "/oauth2/revoke"


async def _status(http: httpx.AsyncClient, op: RunningOp, token: str) -> int:
    return (await http.get(op.url + PROTECTED, headers=bearer(token))).status_code


async def test_a_revoked_token_is_refused(sec_op: RunningOp, http: httpx.AsyncClient) -> None:
    token = await fetch_token(http, sec_op.url, PARTNER, SECRET)
    kept = await fetch_token(http, sec_op.url, PARTNER, SECRET)
    assert await _status(http, sec_op, token) == 404  # accepted: no such federation

    response = await http.post(sec_op.url + REVOKE, data={"token": token}, auth=(PARTNER, SECRET))
    assert response.status_code == 200
    assert response.content == b""
    assert response.headers["Cache-Control"] == "no-store"

    refused = await http.get(sec_op.url + PROTECTED, headers=bearer(token))
    assert refused.status_code == 401
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert "revoked" in refused.json()["detail"]
    assert await _status(http, sec_op, kept) == 404  # only that token

    again = await http.post(
        sec_op.url + REVOKE,
        data={"token": token, "client_id": PARTNER, "client_secret": SECRET},
    )
    assert again.status_code == 200


async def test_invalid_tokens_are_no_error(sec_op: RunningOp, http: httpx.AsyncClient) -> None:
    for token in ("not-a-jwt", "eyJhbGciOiJFUzI1NiJ9.e30.c2ln"):
        response = await http.post(
            sec_op.url + REVOKE,
            data={"token": token, "token_type_hint": "access_token"},
            auth=(PARTNER, SECRET),
        )
        assert response.status_code == 200


async def test_another_clients_token_answers_200_and_stays_valid(
    sec_op: RunningOp, http: httpx.AsyncClient
) -> None:
    """RFC 7009 section 2.2: the same 200 as for any token, and nothing is revoked (the answer
    does not tell the caller whose token it was)."""
    token = await fetch_token(http, sec_op.url, PARTNER, SECRET)
    response = await http.post(
        sec_op.url + REVOKE, data={"token": token}, auth=(OTHER, OTHER_SECRET)
    )
    assert response.status_code == 200 and response.content == b""
    assert await _status(http, sec_op, token) == 404


@pytest.mark.parametrize(
    ("kwargs", "status", "error"),
    [
        ({"data": {"token": "x"}}, 401, "invalid_client"),
        ({"data": {"token": "x"}, "auth": (PARTNER, "wrong-secret")}, 401, "invalid_client"),
        ({"data": {"token_type_hint": "access_token"}, "auth": (PARTNER, SECRET)}, 400, None),
        ({"json": {"token": "x"}, "auth": (PARTNER, SECRET)}, 400, "invalid_request"),
    ],
)
async def test_revocation_errors(
    sec_op: RunningOp,
    http: httpx.AsyncClient,
    kwargs: dict[str, object],
    status: int,
    error: str | None,
) -> None:
    response = await http.post(sec_op.url + REVOKE, **kwargs)  # type: ignore[arg-type]
    assert response.status_code == status
    assert response.json()["error"] == (error or "invalid_request")
    if status == 401:
        assert response.headers["WWW-Authenticate"].startswith("Basic")


async def test_removing_a_client_revokes_its_tokens(
    sec_op: RunningOp, http: httpx.AsyncClient
) -> None:
    token = await fetch_token(http, sec_op.url, PARTNER, SECRET)
    other = await fetch_token(http, sec_op.url, OTHER, OTHER_SECRET, OTHER_SCOPE)
    await sec_op.app[PLATFORM].security.remove_client(PARTNER)
    assert await _status(http, sec_op, token) == 401
    assert await _status(http, sec_op, other) == 403  # still valid: wrong scope only


async def test_revocation_reaches_other_replicas(
    sec_op: RunningOp, http: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(revocation, "REFRESH", 0.0)
    token = await fetch_token(http, sec_op.url, PARTNER, SECRET)
    replica = SecurityService.from_settings(Database(sec_op.settings.database_url), sec_op.settings)
    try:
        assert (await replica.verify(token)).client_id == PARTNER
        assert await sec_op.app[PLATFORM].security.revoke(PARTNER, token)
        with pytest.raises(Unauthenticated, match="revoked"):
            await replica.verify(token)
    finally:
        await replica.database.close()


async def test_a_client_dropped_from_the_settings_loses_its_tokens(
    sec_op: RunningOp, http: httpx.AsyncClient
) -> None:
    token = await fetch_token(http, sec_op.url, PARTNER, SECRET)
    other = await fetch_token(http, sec_op.url, OTHER, OTHER_SECRET, OTHER_SCOPE)
    service = sec_op.app[PLATFORM].security
    kept = [
        spec for spec in service.specs_from_settings(sec_op.settings) if spec.client_id == OTHER
    ]
    await service.bootstrap(kept)  # as at a restart with PARTNER no longer configured
    assert await _status(http, sec_op, token) == 401
    assert await _status(http, sec_op, other) == 403


async def test_requests_finding_the_list_old_share_one_read(
    sec_op: RunningOp, http: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = await fetch_token(http, sec_op.url, PARTNER, SECRET)
    service = sec_op.app[PLATFORM].security
    caller = await service.verify(token)
    revocations = service.revocations
    reads = 0
    load = revocations._load

    async def counted() -> None:
        nonlocal reads
        reads += 1
        await load()

    monkeypatch.setattr(revocations, "_load", counted)
    revocations.stale()
    await asyncio.gather(*(revocations.check(caller) for _ in range(20)))
    assert reads == 1


async def test_a_read_begun_before_a_revocation_is_not_used(
    sec_op: RunningOp, http: httpx.AsyncClient
) -> None:
    token = await fetch_token(http, sec_op.url, PARTNER, SECRET)
    service = sec_op.app[PLATFORM].security
    caller = await service.verify(token)
    revocations = service.revocations
    revocations.stale()
    reading = asyncio.create_task(revocations.check(caller))  # reads the list without the token
    await asyncio.sleep(0)
    assert await service.revoke(PARTNER, token)
    await reading
    with pytest.raises(Unauthenticated, match="revoked"):
        await revocations.check(caller)
