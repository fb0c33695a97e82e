"""The outbound client: ``httpx``'s API over the pinned transport, mostly round ``httpx``.

:func:`make_client` returns a :class:`PinnedClient`, an ``httpx.AsyncClient`` whose every
connection goes through :class:`perimeter.transport.PinnedTransport`. A call that needs only a
whole body (bytes, text or JSON) out, headers and a timeout, and the whole answer back, which is
nearly every call the OP and the mocks make (``request``, ``get``, ``post``...), is sent by
:meth:`PinnedClient.fetch`: the same check of the URL, the same pinned ``aiohttp`` connections,
the same headers and bytes on the wire and an ``httpx.Response`` back, without ``httpx``
building a request, streaming the answer through its transport interface and reading cookies
(about half the CPU of a small call through ``httpx`` on loopback). Anything more (form data,
files, query parameters given apart, redirects followed, authentication or event hooks on the
client, streaming with ``stream``) goes through ``httpx`` and the transport, checked the same.

The client keeps no cookies, on either path: its peers are APIs that authenticate each request
with a token, and a cookie set by one answer must not ride along on a later call.
"""

from __future__ import annotations

import re
import time
from collections.abc import Mapping
from datetime import timedelta
from http.cookiejar import CookieJar
from json import dumps
from typing import Any

import aiohttp
import httpx
import yarl

from perimeter.resolver import DestinationRefused, Resolver
from perimeter.tls import ClientCert, Verify, client_context
from perimeter.transport import DEFAULT_LIMITS, PinnedTransport, aiohttp_timeout, httpx_error
from perimeter.urls import Policy, UrlRefused, check_target

__all__ = ["PinnedClient", "make_client"]

PLAIN_URL = re.compile(r"[A-Za-z0-9._~:/?&=%+,;@-]*")
CHECKS_KEPT = 1024  # verdicts on (scheme, host, port, user information) remembered per client


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
        self._verdicts: dict[tuple[str, str | None, int | None, bool], str | None] = {}

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
        content: bytes | str | None = None,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
        timeout: Any = httpx.USE_CLIENT_DEFAULT,  # noqa: ASYNC109 (as httpx's per request)
    ) -> httpx.Response:
        """Send one request and read its whole answer, as ``httpx`` would with no redirects
        followed (a JSON body encoded as ``httpx`` encodes it; ``timeout`` as ``httpx`` takes
        it). Raises what the ``httpx`` path raises (:class:`DestinationRefused` when the
        policy refuses the URL, ``httpx.TransportError`` and its kinds otherwise)."""
        sent = self._headers_for(headers)
        if json is not None:
            content = dumps(json, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
            if not any(name.lower() == "content-type" for name, _ in sent):
                sent.append(("Content-Type", "application/json"))
        body = content.encode() if isinstance(content, str) else content
        try:
            target = _target(url)
            self._check(target)
        except (UrlRefused, ValueError, TypeError) as exc:
            reason = exc.reason if isinstance(exc, UrlRefused) else "not a valid URL"
            raise DestinationRefused(reason, request=httpx.Request(method, url)) from None
        given = self.timeout if timeout is httpx.USE_CLIENT_DEFAULT else httpx.Timeout(timeout)
        started = time.perf_counter()
        try:
            async with self.pinned.session().request(
                method,
                target,
                headers=sent,
                data=body or None,
                allow_redirects=False,
                timeout=aiohttp_timeout(given.as_dict()),
                compress=None,
            ) as answer:
                answered = await answer.read()
        except (TimeoutError, aiohttp.ClientError, DestinationRefused) as exc:
            raise httpx_error(exc, httpx.Request(method, url, headers=sent)) from exc
        response = _Answer(
            answer.status,
            headers=list(answer.raw_headers),
            stream=httpx.ByteStream(answered),
            extensions={
                "http_version": b"HTTP/1.1",
                "reason_phrase": (answer.reason or "").encode("latin-1", "replace"),
            },
            made=(method, url, sent),
        )
        await response.aread()  # decodes a compressed body, as httpx does
        response.elapsed = timedelta(seconds=time.perf_counter() - started)
        return response

    def _check(self, target: yarl.URL) -> None:
        """:func:`check_target` under this client's policy (immutable), its verdict remembered
        per the parts it judges."""
        user_info = bool(target.raw_user) or target.raw_password is not None
        key = (target.scheme, target.raw_host, target.explicit_port, user_info)
        if key not in self._verdicts:
            if len(self._verdicts) >= CHECKS_KEPT:
                self._verdicts.clear()
            try:
                check_target(target, self.pinned.policy)
                self._verdicts[key] = None
            except UrlRefused as exc:
                self._verdicts[key] = exc.reason
        reason = self._verdicts[key]
        if reason is not None:
            raise UrlRefused(reason)

    async def request(
        self,
        method: str,
        url: httpx.URL | str,
        *,
        content: Any = None,
        data: Any = None,
        files: Any = None,
        json: Any = None,
        params: Any = None,
        headers: Any = None,
        cookies: Any = None,
        auth: Any = httpx.USE_CLIENT_DEFAULT,
        follow_redirects: Any = httpx.USE_CLIENT_DEFAULT,
        timeout: Any = httpx.USE_CLIENT_DEFAULT,  # noqa: ASYNC109 (httpx's per request)
        extensions: Any = None,
    ) -> httpx.Response:
        """``httpx``'s ``request`` (and so ``get``, ``post``...): by :meth:`fetch` when the call
        needs nothing more (a whole body or JSON, headers, a timeout), else through ``httpx``."""
        simple = (
            data is None
            and files is None
            and params is None
            and cookies is None
            and extensions is None
            and auth is httpx.USE_CLIENT_DEFAULT
            and follow_redirects in (httpx.USE_CLIENT_DEFAULT, False)
            and isinstance(content, bytes | str | None)
            and _plain_headers(headers)
            and self._direct
        )
        if simple:
            return await self.fetch(
                method, str(url), content=content, json=json, headers=headers, timeout=timeout
            )
        return await super().request(
            method,
            url,
            content=content,
            data=data,
            files=files,
            json=json,
            params=params,
            headers=headers,
            cookies=cookies,
            auth=auth,
            follow_redirects=follow_redirects,
            timeout=timeout,
            extensions=extensions,
        )

    @property
    def _direct(self) -> bool:
        """Whether the client's own settings leave ``fetch`` nothing to do: no base URL, no
        authentication, no redirects followed, no event hooks."""
        hooks = self.event_hooks
        return (
            not self.follow_redirects
            and self.auth is None
            and not str(self.base_url)
            and not hooks["request"]
            and not hooks["response"]
        )

    def _headers_for(self, given: Mapping[str, str] | None) -> list[tuple[str, str]]:
        """The client's headers with ``given`` over them, by name in any case (as httpx)."""
        merged = {name.lower(): (name, value) for name, value in self.headers.multi_items()}
        for name, value in (given or {}).items():
            merged[name.lower()] = (name, value)
        return list(merged.values())


def _target(url: str) -> yarl.URL:
    """The URL as the ``httpx`` path sends it: yarl's own parse for the usual characters; any
    other (a space, a non-ASCII letter, brackets...) first encoded by ``httpx``, which encodes
    some differently (a space in the query: ``%20``, where yarl writes ``+``)."""
    if PLAIN_URL.fullmatch(url):
        return yarl.URL(url)
    return yarl.URL(str(httpx.URL(url)))


def _plain_headers(headers: Any) -> bool:
    return headers is None or (
        isinstance(headers, dict)
        and all(isinstance(k, str) and isinstance(v, str) for k, v in headers.items())
    )


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
