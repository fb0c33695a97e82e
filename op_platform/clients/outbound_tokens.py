"""Outbound OAuth2 tokens: one provider per (token URL, client id).

A provider fetches a client-credentials token, caches it and fetches a new one once 80 % of its
lifetime has passed. Concurrent callers share one fetch. ``invalidate`` drops the cached token
(``call`` does so when a peer answers 401). Secrets and tokens are never logged.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx

from op_platform.errors import Unavailable, UpstreamError
from op_platform.settings import Partner

log = logging.getLogger(__name__)

REFRESH_AT = 0.8
DEFAULT_LIFETIME = 300
FED_MGMT = "fed-mgmt"


@dataclass(frozen=True)
class _Cached:
    token: str
    refresh_at: float


class TokenProvider:
    def __init__(
        self,
        http: httpx.AsyncClient,
        token_url: str,
        client_id: str,
        client_secret: str,
        *,
        scope: str = FED_MGMT,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.http = http
        self.token_url = token_url
        self.client_id = client_id
        self._secret = client_secret
        self.scope = scope
        self._clock = clock
        self._cached: _Cached | None = None
        self._lock = asyncio.Lock()
        self.fetches = 0

    def __repr__(self) -> str:
        return f"TokenProvider(token_url={self.token_url!r}, client_id={self.client_id!r})"

    async def token(self) -> str:
        """A valid access token, from the cache when it is still fresh."""
        cached = self._cached
        if cached is not None and self._clock() < cached.refresh_at:
            return cached.token
        async with self._lock:
            cached = self._cached
            if cached is None or self._clock() >= cached.refresh_at:
                cached = self._cached = await self._fetch()
            return cached.token

    def invalidate(self, token: str | None = None) -> None:
        """Forget the cached token (only if it is still ``token``, when one is given)."""
        if token is None or (self._cached is not None and self._cached.token == token):
            self._cached = None

    async def _fetch(self) -> _Cached:
        started = self._clock()
        try:
            response = await self.http.post(
                self.token_url,
                data={"grant_type": "client_credentials", "scope": self.scope},
                auth=httpx.BasicAuth(self.client_id, self._secret),
                headers={"Accept": "application/json"},
            )
        except httpx.HTTPError as exc:
            log.warning(
                "token endpoint unreachable",
                extra={"token_url": self.token_url, "error": type(exc).__name__},
            )
            raise Unavailable(f"token endpoint {self.token_url} is unreachable") from exc
        self.fetches += 1
        body = _json(response)
        if response.status_code in (400, 401):
            log.warning(
                "token refused",
                extra={"token_url": self.token_url, "status": response.status_code},
            )
            raise UpstreamError(
                f"the partner refused our client credentials: {body.get('error', 'unknown')}",
                cause="partner_token_refused",
                extra={"peerStatus": response.status_code},
            )
        access = body.get("access_token")
        if response.status_code != 200 or not isinstance(access, str) or not access:
            raise UpstreamError(
                f"token endpoint {self.token_url} answered {response.status_code}",
                extra={"peerStatus": response.status_code},
            )
        lifetime = body.get("expires_in")
        seconds = lifetime if isinstance(lifetime, int) and lifetime > 0 else DEFAULT_LIFETIME
        log.info("token fetched", extra={"token_url": self.token_url, "expires_in": seconds})
        return _Cached(access, started + seconds * REFRESH_AT)


def _json(response: httpx.Response) -> dict[str, object]:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


class TokenProviders:
    """The providers of one process, shared by every call to the same (token URL, client)."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        route: Callable[[str], httpx.AsyncClient] | None = None,
    ) -> None:
        """``route``: the client for a token URL (each peer's TLS); default ``http``."""
        self.http = http
        self._route = route or (lambda url: http)
        self._providers: dict[tuple[str, str], TokenProvider] = {}

    def get(
        self, token_url: str, client_id: str, client_secret: str, scope: str = FED_MGMT
    ) -> TokenProvider:
        key = (token_url, client_id)
        provider = self._providers.get(key)
        if provider is None:
            http = self._route(token_url)
            provider = TokenProvider(http, token_url, client_id, client_secret, scope=scope)
            self._providers[key] = provider
        return provider

    def for_partner(self, partner: Partner) -> TokenProvider:
        """The provider of a configured partner's ``token_url`` and client credentials."""
        return self.get(
            str(partner.token_url), partner.client_id, partner.client_secret.get_secret_value()
        )
