"""POST /oauth2/token (RFC 6749 client credentials) and GET /.well-known/jwks.json."""

from __future__ import annotations

import base64

import httpx
import jwt
import pytest

from tests.helpers.auth import fetch_token
from tests.helpers.servers import RunningOp
from tests.security.data import JWKS, OTHER, OTHER_SCOPE, OTHER_SECRET, PARTNER, SECRET, TOKEN

GRANT = {"grant_type": "client_credentials"}


def _basic(client_id: str, secret: str) -> dict[str, str]:
    raw = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    return {"Authorization": f"Basic {raw}"}


async def test_basic_auth_issues_a_signed_jwt(sec_op: RunningOp, http: httpx.AsyncClient) -> None:
    response = await http.post(
        sec_op.url + TOKEN, data={**GRANT, "scope": "fed-mgmt"}, auth=(PARTNER, SECRET)
    )
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    body = response.json()
    assert body["token_type"] == "Bearer"
    assert body["scope"] == "fed-mgmt"
    assert body["expires_in"] == 3600
    header = jwt.get_unverified_header(body["access_token"])
    jwks = (await http.get(sec_op.url + JWKS)).json()
    key = next(k for k in jwks["keys"] if k["kid"] == header["kid"])
    claims = jwt.decode(
        body["access_token"], jwt.PyJWK(key).key, algorithms=["ES256"], issuer=sec_op.url
    )
    assert claims["sub"] == PARTNER
    assert claims["scope"] == "fed-mgmt"
    assert claims["exp"] - claims["iat"] == 3600
    assert claims["jti"]


async def test_form_credentials_and_default_scope(
    sec_op: RunningOp, http: httpx.AsyncClient
) -> None:
    response = await http.post(
        sec_op.url + TOKEN, data={**GRANT, "client_id": OTHER, "client_secret": OTHER_SECRET}
    )
    assert response.status_code == 200
    assert response.json()["scope"] == OTHER_SCOPE


async def test_helper_fetches_a_token(sec_op: RunningOp, http: httpx.AsyncClient) -> None:
    token = await fetch_token(http, sec_op.url, PARTNER, SECRET)
    assert jwt.get_unverified_header(token)["alg"] == "ES256"


@pytest.mark.parametrize(
    ("data", "headers", "status", "error"),
    [
        ({"scope": "fed-mgmt"}, _basic(PARTNER, SECRET), 400, "invalid_request"),
        ({"grant_type": "password"}, _basic(PARTNER, SECRET), 400, "unsupported_grant_type"),
        ({**GRANT, "scope": "fed-mgmt admin"}, _basic(PARTNER, SECRET), 400, "invalid_scope"),
        ({**GRANT, "scope": OTHER_SCOPE}, _basic(PARTNER, SECRET), 400, "invalid_scope"),
        (GRANT, _basic(PARTNER, "wrong"), 401, "invalid_client"),
        (GRANT, _basic("nobody", SECRET), 401, "invalid_client"),
        (GRANT, {}, 401, "invalid_client"),
        ({**GRANT, "client_id": PARTNER}, {}, 401, "invalid_client"),
        (GRANT, {"Authorization": "Basic !!!"}, 401, "invalid_client"),
        (
            {**GRANT, "client_id": PARTNER, "client_secret": SECRET},
            _basic(PARTNER, SECRET),
            400,
            "invalid_request",
        ),
    ],
)
async def test_errors(
    sec_op: RunningOp,
    http: httpx.AsyncClient,
    data: dict[str, str],
    headers: dict[str, str],
    status: int,
    error: str,
) -> None:
    response = await http.post(sec_op.url + TOKEN, data=data, headers=headers)
    assert response.status_code == status
    body = response.json()
    assert body["error"] == error
    assert body["error_description"]
    if status == 401:
        assert response.headers["WWW-Authenticate"].startswith("Basic ")
    assert "access_token" not in body


async def test_json_body_is_invalid_request(sec_op: RunningOp, http: httpx.AsyncClient) -> None:
    response = await http.post(sec_op.url + TOKEN, json=GRANT, auth=(PARTNER, SECRET))
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request"


async def test_jwks_publishes_public_keys_only(sec_op: RunningOp, http: httpx.AsyncClient) -> None:
    response = await http.get(sec_op.url + JWKS)
    assert response.status_code == 200
    keys = response.json()["keys"]
    assert len(keys) == 1
    assert keys[0]["kty"] == "EC" and keys[0]["alg"] == "ES256" and keys[0]["use"] == "sig"
    assert "d" not in keys[0]
