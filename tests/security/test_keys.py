"""Signing keys: kept in the database, rotated without downtime, retired after expiry."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import jwt
from sqlmodel import select

from op_platform.db.engine import Database
from op_platform.db.tables.security_rows import ApiClientRow, SigningKeyRow
from op_platform.keys import PLATFORM
from op_platform.security.passwords import hash_secret, verify_secret
from op_platform.security.service import SecurityService
from op_platform.settings import Settings
from tests.helpers.auth import bearer, fetch_token
from tests.helpers.servers import RunningOp
from tests.security.data import JWKS, PARTNER, PROTECTED, SECRET


async def _kids(http: httpx.AsyncClient, op: RunningOp) -> set[str]:
    return {key["kid"] for key in (await http.get(op.url + JWKS)).json()["keys"]}


async def _passes(http: httpx.AsyncClient, op: RunningOp, token: str) -> bool:
    response = await http.get(op.url + PROTECTED, headers=bearer(token))
    return response.status_code not in (401, 403)


async def test_rotation_keeps_old_tokens_valid(sec_op: RunningOp, http: httpx.AsyncClient) -> None:
    old = await fetch_token(http, sec_op.url, PARTNER, SECRET)
    old_kid = jwt.get_unverified_header(old)["kid"]
    new_kid = await sec_op.app[PLATFORM].security.rotate()
    assert new_kid != old_kid
    new = await fetch_token(http, sec_op.url, PARTNER, SECRET)
    assert jwt.get_unverified_header(new)["kid"] == new_kid
    assert await _kids(http, sec_op) == {old_kid, new_kid}
    assert await _passes(http, sec_op, old)
    assert await _passes(http, sec_op, new)


async def test_rotation_by_another_process_is_picked_up(
    sec_op: RunningOp, http: httpx.AsyncClient
) -> None:
    """A key made elsewhere (CLI, another replica) verifies at once and signs after refresh."""
    assert sec_op.settings is not None
    other = SecurityService.from_settings(Database(sec_op.settings.database_url), sec_op.settings)
    try:
        new_kid = await other.rotate()
        token = (await other.issue(PARTNER, frozenset({"fed-mgmt"}))).access_token
    finally:
        await other.database.close()
    assert await _passes(http, sec_op, token)
    await sec_op.app[PLATFORM].security.reload()
    fresh = await fetch_token(http, sec_op.url, PARTNER, SECRET)
    assert jwt.get_unverified_header(fresh)["kid"] == new_kid


async def test_retired_keys_are_dropped(database_url: str) -> None:
    now = datetime.now(UTC)
    clock = [now]
    database = Database(database_url)
    await database.upgrade()
    service = SecurityService(database, issuer="http://op", token_ttl=60, clock=lambda: clock[0])
    try:
        await service.bootstrap([])
        first = (await service.issue(PARTNER, frozenset({"fed-mgmt"}))).access_token
        await service.rotate()
        assert len((await service.jwks())["keys"]) == 2
        clock[0] = now + service.retire_delay + timedelta(seconds=1)
        await service.reload()
        assert len((await service.jwks())["keys"]) == 1
        await service.rotate()  # deletes the retired row
        kids = {key.kid for key in await service.list_keys()}
        assert jwt.get_unverified_header(first)["kid"] not in kids
        assert len(kids) == 2
    finally:
        await database.close()


async def test_restart_keeps_keys_and_tokens(sec_op: RunningOp, http: httpx.AsyncClient) -> None:
    token = await fetch_token(http, sec_op.url, PARTNER, SECRET)
    kids = await _kids(http, sec_op)
    await sec_op.restart()
    assert await _kids(http, sec_op) == kids
    assert await _passes(http, sec_op, token)


async def test_secrets_are_hashed_and_keys_encrypted(
    start_ops: object, http: httpx.AsyncClient
) -> None:
    from tests.security.data import CLIENTS

    op: RunningOp = await start_ops(  # type: ignore[operator]
        "op-enc", clients=CLIENTS, security={"key_passphrase": "correct horse"}
    )
    assert op.settings is not None
    database = Database(op.settings.database_url)
    try:
        async with database.transaction() as session:
            clients = (await session.exec(select(ApiClientRow))).all()
            keys = (await session.exec(select(SigningKeyRow))).all()
    finally:
        await database.close()
    stored = {row.client_id: row.secret_hash for row in clients}
    assert stored[PARTNER].startswith("scrypt$")
    assert SECRET not in stored[PARTNER]
    assert verify_secret(SECRET, stored[PARTNER])
    assert all(row.encrypted for row in keys)
    assert all("ENCRYPTED PRIVATE KEY" in row.private_pem for row in keys)
    assert await _passes(http, op, await fetch_token(http, op.url, PARTNER, SECRET))


def test_password_hashes_are_salted() -> None:
    first, second = hash_secret("same"), hash_secret("same")
    assert first != second
    assert verify_secret("same", first) and verify_secret("same", second)
    assert not verify_secret("other", first)
    assert not verify_secret("same", "not-a-hash")
    assert not verify_secret("same", "bcrypt$1$2$3$4$5")


async def test_changed_config_secret_and_removed_client(
    sec_op: RunningOp, http: httpx.AsyncClient
) -> None:
    assert sec_op.settings is not None
    data = sec_op.settings.model_dump(mode="json")
    data["clients"] = [{"client_id": PARTNER, "client_secret": "new"}]
    sec_op.settings = Settings.model_validate(data)
    await sec_op.restart()
    response = await http.post(
        sec_op.url + "/oauth2/token",
        data={"grant_type": "client_credentials"},
        auth=(PARTNER, SECRET),
    )
    assert response.status_code == 401
    await fetch_token(http, sec_op.url, PARTNER, "new")
    response = await http.post(
        sec_op.url + "/oauth2/token",
        data={"grant_type": "client_credentials"},
        auth=("other-client", "other-secret-value"),
    )
    assert response.status_code == 401
