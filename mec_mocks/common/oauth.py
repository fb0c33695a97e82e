"""OAuth2 client credentials (RFC 6749 section 4.4) for a mock that calls an authenticated peer:
the MEO calling its OP's SBI-CR with a token of scope ``sbi-cr``.

A :class:`ClientCredentials` fetches a token at ``token_url``, keeps it until shortly before it
expires, and fetches a new one when the peer refused it (``invalidate``). It authorises only the
URLs on the origins it was given, so the token never goes anywhere else.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterable
from urllib.parse import urlsplit

import httpx

REFRESH_AT = 0.8


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


class ClientCredentials:
    def __init__(
        self,
        http: httpx.AsyncClient,
        token_url: str,
        client_id: str,
        client_secret: str,
        *,
        scope: str,
        origins: Iterable[str],
    ) -> None:
        self.http = http
        self.token_url = token_url
        self.client_id = client_id
        self._secret = client_secret
        self.scope = scope
        self.origins = {origin(url) for url in origins}
        self._token: str | None = None
        self._refresh_at = 0.0
        self._lock = asyncio.Lock()

    def covers(self, url: str) -> bool:
        return origin(url) in self.origins

    async def headers(self, url: str) -> dict[str, str]:
        """``Authorization`` for a call to ``url`` (nothing for other origins)."""
        if not self.covers(url):
            return {}
        return {"Authorization": f"Bearer {await self.token()}"}

    async def token(self) -> str:
        async with self._lock:
            if self._token is None or time.monotonic() >= self._refresh_at:
                await self._fetch()
            assert self._token is not None
            return self._token

    def invalidate(self) -> None:
        self._token = None

    async def _fetch(self) -> None:
        response = await self.http.post(
            self.token_url,
            data={"grant_type": "client_credentials", "scope": self.scope},
            auth=(self.client_id, self._secret),
        )
        response.raise_for_status()
        body = response.json()
        lifetime = float(body.get("expires_in") or 300)
        self._token = str(body["access_token"])
        self._refresh_at = time.monotonic() + lifetime * REFRESH_AT
