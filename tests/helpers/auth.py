"""Getting tokens from an OP in tests: ``headers=bearer(await fetch_token(http, op.url, ...))``."""

from __future__ import annotations

import httpx

TOKEN_PATH = "/oauth2/token"


async def fetch_token(
    http: httpx.AsyncClient,
    base_url: str,
    client_id: str,
    secret: str,
    scope: str = "fed-mgmt",
) -> str:
    """An access token from the OP at ``base_url`` (client credentials, HTTP Basic)."""
    response = await http.post(
        base_url.rstrip("/") + TOKEN_PATH,
        data={"grant_type": "client_credentials", "scope": scope},
        auth=(client_id, secret),
    )
    assert response.status_code == 200, response.text
    token = response.json()["access_token"]
    assert isinstance(token, str)
    return token


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
