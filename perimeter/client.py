"""The outbound client: ``httpx`` over the pinned transport, and a direct way round ``httpx``.

:func:`make_client` returns a :class:`PinnedClient`, an ``httpx.AsyncClient`` whose every
connection goes through :class:`perimeter.transport.PinnedTransport`. Code that needs only a
whole body out and a whole answer back (the OP's peer calls and its outbox) can call
:meth:`PinnedClient.fetch` instead: the same check of the URL, the same pinned ``aiohttp``
connections, the same headers on the wire and an ``httpx.Response`` back, without ``httpx``
building a request, streaming the answer through its transport interface and reading cookies
(two thirds of the CPU of a small call through ``httpx`` on loopback).

The client keeps no cookies, on either path: its peers are APIs that authenticate each request
with a token, and a cookie set by one answer must not ride along on a later call.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from datetime import timedelta
from http.cookiejar import CookieJar
from typing import Any

import aiohttp
import httpx
import yarl

from perimeter.resolver import DestinationRefused, Resolver
from perimeter.tls import ClientCert, Verify, client_context
from perimeter.transport import DEFAULT_LIMITS, PinnedTransport, aiohttp_timeout, httpx_error
from perimeter.urls import Policy, UrlRefused, check_target

__all__ = ["PinnedClient", "make_client"]


class _NoCookies(httpx.Cookies):
    """A jar that stays empty: answers' ``Set-Cookie`` headers are not read."""

    def extract_cookies(self, response: httpx.Response) -> None:
        return None


class _Answer(httpx.Response):
    """A response whose ``request`` is made when first asked for (few callers ever do)."""

    def __init__(self, *args: Any, made: tuple[str, str, list[tuple[str, str]]], **kw: Any):
        super().__init__(*args, **kw)
        self._made = made

    @property
    def request(self) -> httpx.Request:
        if self._request is None:
            method, url, headers = self._made
            self._request = httpx.Request(method, url, headers=headers)
        return self._request

    @request.setter
    def request(self, value: httpx.Request) -> None:
        self._request = value


class PinnedClient(httpx.AsyncClient):
    """An ``httpx`` client over a :class:`PinnedTransport`, with :meth:`fetch` beside it."""

    def __init__(self, transport: PinnedTransport, **options: Any) -> None:
        super().__init__(transport=transport, trust_env=False, **options)
        self.pinned = transport
        self._jar = _NoCookies(CookieJar())

    @property
    def cookies(self) -> httpx.Cookies:
        return self._jar

    @cookies.setter
    def cookies(self, cookies: Any) -> None:
        if cookies:
            raise ValueError("this client keeps no cookies")

    async def fetch(
        self,
        method: str,
        url: str,
        *,
        content: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | None = None,  # noqa: ASYNC109 (as httpx's per request)
    ) -> httpx.Response:
        """Send one request and read its whole answer, as ``request(method, url,
        content=content, headers=headers)`` would with no redirects followed. ``timeout``: the
        client's when None. Raises what the ``httpx`` path raises (:class:`DestinationRefused`
        when the policy refuses the URL, ``httpx.TransportError`` and its kinds otherwise)."""
        sent = self._headers_for(headers)
        try:
            target = yarl.URL(url)
            check_target(target, self.pinned.policy)
        except (UrlRefused, ValueError, TypeError) as exc:
            reason = exc.reason if isinstance(exc, UrlRefused) else "not a valid URL"
            raise DestinationRefused(reason, request=httpx.Request(method, url)) from None
        given = self.timeout if timeout is None else httpx.Timeout(timeout)
        started = time.perf_counter()
        try:
            async with self.pinned.session().request(
                method,
                target,
                headers=sent,
                data=content or None,
                allow_redirects=False,
                timeout=aiohttp_timeout(given.as_dict()),
                compress=None,
            ) as answer:
                body = await answer.read()
        except (TimeoutError, aiohttp.ClientError, DestinationRefused) as exc:
            raise httpx_error(exc, httpx.Request(method, url, headers=sent)) from exc
        response = _Answer(
            answer.status,
            headers=list(answer.raw_headers),
            stream=httpx.ByteStream(body),
            extensions={
                "http_version": b"HTTP/1.1",
                "reason_phrase": (answer.reason or "").encode("latin-1", "replace"),
            },
            made=(method, url, sent),
        )
        await response.aread()  # decodes a compressed body, as httpx does
        response.elapsed = timedelta(seconds=time.perf_counter() - started)
        return response

    def _headers_for(self, given: Mapping[str, str] | None) -> list[tuple[str, str]]:
        """The client's headers with ``given`` over them, by name in any case (as httpx)."""
        merged = {name.lower(): (name, value) for name, value in self.headers.multi_items()}
        for name, value in (given or {}).items():
            merged[name.lower()] = (name, value)
        return list(merged.values())


def make_client(
    policy: Policy,
    *,
    verify: Verify = True,
    cert: ClientCert | None = None,
    timeout: float | httpx.Timeout = 10.0,
    resolver: Resolver | None = None,
    follow_redirects: bool = False,
    max_redirects: int = 5,
    limits: httpx.Limits = DEFAULT_LIMITS,
) -> PinnedClient:
    """A client for URLs that came from outside: every hop checked against ``policy`` and
    pinned. ``verify``/``cert`` as in :func:`perimeter.tls.client_context` (a CA bundle, and a
    client certificate for mutual TLS). Redirects are not followed unless asked; when they are,
    each hop is checked again (:meth:`PinnedClient.fetch` never follows them)."""
    transport = PinnedTransport(
        policy, ssl_context=client_context(verify, cert), resolver=resolver, limits=limits
    )
    return PinnedClient(
        transport,
        timeout=timeout,
        follow_redirects=follow_redirects,
        max_redirects=max_redirects,
    )
