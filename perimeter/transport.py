"""The outbound transport: every connection goes to an address the policy allows.

:class:`PinnedTransport` is an ``httpx`` transport that sends over ``aiohttp``'s client: the code
above it speaks ``httpx`` (requests, responses, redirects, auth, timeouts, ``respx``-style
mocking by transport), while the connections are ``aiohttp``'s, whose pool stays fast with many
concurrent requests (``httpcore``'s pool does not: it was the limit of the outbox's delivery).

Its connector resolves through :class:`perimeter.resolver.PinnedResolver`: a host name is
resolved once, refused if ANY of its addresses is outside the policy, and the connection goes to
the checked address itself (no second lookup to rebind); TLS gets the original name for SNI and
certificate verification, and the Host header is the request's own. Connections are pooled per
origin (scheme, host name, port), so a pooled connection is only ever reused for the name it was
checked and verified for. Each request's URL passes :func:`perimeter.urls.check_parsed` first
(address literals, which need no lookup, are checked there), so a redirect (followed only when
the client asks) is checked hop by hop. Refusals raise :class:`DestinationRefused`, an
``httpx.ConnectError``: code that handles connection failures handles refusals too. No proxy is
used (one would defeat the pinning).
"""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import AsyncIterator

import aiohttp
import httpx

from perimeter.resolver import (
    DestinationRefused,
    PinnedResolver,
    Resolver,
    Unresolvable,
    system_resolver,
)
from perimeter.tls import client_context
from perimeter.urls import Policy, UrlRefused, check_parsed

__all__ = [
    "DEFAULT_LIMITS",
    "DestinationRefused",
    "PinnedTransport",
    "Resolver",
    "httpx_error",
    "system_resolver",
]

DEFAULT_LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=20)
CHUNK = 64 * 1024


def httpx_error(exc: Exception, request: httpx.Request) -> httpx.TransportError:
    """The ``httpx`` exception for a failure of ``aiohttp`` (or of the resolver)."""
    if isinstance(exc, DestinationRefused):
        exc.request = request
        return exc
    if isinstance(exc, aiohttp.ConnectionTimeoutError):
        return httpx.ConnectTimeout(str(exc) or "connect timed out", request=request)
    if isinstance(exc, aiohttp.ClientConnectorDNSError) and isinstance(exc.os_error, Unresolvable):
        return httpx.ConnectError(str(exc.os_error), request=request)
    if isinstance(exc, aiohttp.ClientConnectorError | aiohttp.ClientSSLError):
        return httpx.ConnectError(str(exc), request=request)
    if isinstance(exc, asyncio.TimeoutError):  # aiohttp's read timeouts are TimeoutErrors too
        return httpx.ReadTimeout(str(exc) or "read timed out", request=request)
    if isinstance(exc, aiohttp.ServerDisconnectedError | aiohttp.ClientPayloadError):
        return httpx.RemoteProtocolError(str(exc), request=request)
    if isinstance(exc, aiohttp.ClientResponseError):  # a malformed answer
        return httpx.RemoteProtocolError(str(exc), request=request)
    return httpx.ReadError(str(exc) or type(exc).__name__, request=request)


class _Body(httpx.AsyncByteStream):
    """The answer's body as ``httpx`` reads it, streamed from the ``aiohttp`` response (still
    compressed if it was: ``httpx`` decodes it); closing it gives the connection back."""

    def __init__(self, response: aiohttp.ClientResponse, request: httpx.Request) -> None:
        self._response = response
        self._request = request

    async def __aiter__(self) -> AsyncIterator[bytes]:
        try:
            async for chunk in self._response.content.iter_chunked(CHUNK):
                yield chunk
        except (TimeoutError, aiohttp.ClientError) as exc:
            raise httpx_error(exc, self._request) from exc

    async def aclose(self) -> None:
        self._response.release()


def aiohttp_timeout(given: dict[str, float | None]) -> aiohttp.ClientTimeout:
    """``aiohttp``'s timeouts for ``httpx``'s (``httpx.Timeout.as_dict()``)."""
    pool, connect = given.get("pool"), given.get("connect")
    return aiohttp.ClientTimeout(
        total=None,
        connect=None if pool is None and connect is None else (pool or 0) + (connect or 0),
        sock_connect=connect,
        sock_read=given.get("read"),
    )


class PinnedTransport(httpx.AsyncBaseTransport):
    """Checks each request's URL, then sends it over a pinned ``aiohttp`` connector (see the
    module doc). The ``aiohttp`` session opens with the first request, in its event loop."""

    def __init__(
        self,
        policy: Policy,
        *,
        ssl_context: ssl.SSLContext | None = None,
        resolver: Resolver | None = None,
        limits: httpx.Limits = DEFAULT_LIMITS,
    ) -> None:
        self.policy = policy
        self._ssl = ssl_context or client_context()
        self._resolver = PinnedResolver(policy, resolver)
        self._limits = limits
        self._session: aiohttp.ClientSession | None = None

    def session(self) -> aiohttp.ClientSession:
        """The ``aiohttp`` session over the pinned connector (opened on first use)."""
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(
                resolver=self._resolver,
                ssl=self._ssl,
                limit=self._limits.max_connections or 0,
                limit_per_host=0,
                keepalive_timeout=self._limits.keepalive_expiry or 5.0,
            )
            self._session = aiohttp.ClientSession(
                connector=connector,
                auto_decompress=False,  # httpx decodes, as it would its own connections'
                cookie_jar=aiohttp.DummyCookieJar(),  # httpx keeps the cookies
                skip_auto_headers=("User-Agent", "Accept", "Accept-Encoding"),
                trust_env=False,
            )
        return self._session

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        try:
            check_parsed(request.url, self.policy)
        except UrlRefused as exc:
            raise DestinationRefused(exc.reason, request=request) from None
        body = await request.aread()
        try:
            response = await self.session().request(
                request.method,
                str(request.url),
                headers=[
                    (k.decode("latin-1"), v.decode("latin-1")) for k, v in request.headers.raw
                ],
                data=body or None,
                allow_redirects=False,
                timeout=aiohttp_timeout(request.extensions.get("timeout") or {}),
                compress=None,
            )
        except (TimeoutError, aiohttp.ClientError, DestinationRefused) as exc:
            raise httpx_error(exc, request) from exc
        return httpx.Response(
            response.status,
            headers=list(response.raw_headers),
            stream=_Body(response, request),
            request=request,
            extensions={
                "http_version": b"HTTP/1.1",
                "reason_phrase": (response.reason or "").encode("latin-1", "replace"),
            },
        )

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None
