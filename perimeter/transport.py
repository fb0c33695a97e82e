"""The outbound transport: every connection goes to an address the policy allows.

``httpcore`` opens connections through a network backend. :class:`PinnedBackend` is that
backend: it resolves the host name once (``getaddrinfo``), refuses the connection if ANY of the
addresses is outside the policy (a name that resolves to loopback is refused), then connects to
the checked address itself, so there is no second DNS lookup to rebind. The TLS layer above it
still gets the original host name for SNI and certificate verification, and the Host header is
the request's own. Connections are pooled per origin (scheme, host name, port), so a pooled
connection is only ever reused for the name it was checked and verified for.

:class:`PinnedTransport` also applies the URL rules of :func:`perimeter.urls.check_url` to each
request, so a redirect (followed only when the client asks) is checked hop by hop. Refusals
raise :class:`DestinationRefused`, an ``httpx.ConnectError``: code that handles connection
failures handles refusals too. No proxy is used (one would defeat the pinning).
"""

from __future__ import annotations

import asyncio
import socket
import ssl
from collections.abc import Awaitable, Callable, Iterable
from ipaddress import ip_address

import httpcore
import httpx

from perimeter.addresses import IPAddress
from perimeter.tls import ClientCert, Verify, client_context
from perimeter.urls import Policy, UrlRefused, check_host, check_parsed

Resolver = Callable[[str, int], Awaitable[list[str]]]
"""``(host, port) -> addresses``; tests stub it, production uses :func:`system_resolver`."""
DEFAULT_LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=20)


class DestinationRefused(httpx.ConnectError):
    """The policy refused the destination; ``reason`` names the rule, never what is there."""

    def __init__(self, reason: str, *, request: httpx.Request | None = None) -> None:
        super().__init__(f"refused by the outbound URL policy: {reason}", request=request)
        self.reason = reason


async def system_resolver(host: str, port: int) -> list[str]:
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    found: list[str] = []
    for *_, sockaddr in infos:
        address = str(sockaddr[0])
        if address not in found:
            found.append(address)
    return found


class PinnedBackend(httpcore.AsyncNetworkBackend):
    """Resolve, check every address, connect to a checked address (see the module doc)."""

    def __init__(
        self,
        policy: Policy,
        resolver: Resolver | None = None,
        inner: httpcore.AsyncNetworkBackend | None = None,
    ) -> None:
        self.policy = policy
        self.resolver = resolver or system_resolver
        self.inner = inner or httpcore.AnyIOBackend()

    async def addresses(self, host: str, port: int, seconds: float | None) -> list[IPAddress]:
        """The checked addresses of ``host`` (resolving takes at most ``seconds``)."""
        try:
            literal = check_host(host, self.policy)
        except UrlRefused as exc:
            raise DestinationRefused(exc.reason) from None
        if literal is not None:
            return [literal]
        try:
            names = await asyncio.wait_for(self.resolver(host, port), seconds)
            found = [ip_address(name) for name in names]
        except (OSError, TimeoutError, ValueError):
            raise httpcore.ConnectError("the host name could not be resolved") from None
        if not found:
            raise httpcore.ConnectError("the host name has no address")
        refused = any(self.policy.address_refusal(a) is not None for a in found)
        if refused and not self.policy.host_allowed(host):
            raise DestinationRefused("the host name resolves to an address that is not allowed")
        return found

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,  # noqa: ASYNC109 - httpcore's backend signature
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        failure: Exception = httpcore.ConnectError("no address to connect to")
        for address in await self.addresses(host, port, timeout):
            try:
                return await self.inner.connect_tcp(
                    str(address),
                    port,
                    timeout=timeout,
                    local_address=local_address,
                    socket_options=socket_options,
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc
        raise failure

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,  # noqa: ASYNC109 - httpcore's backend signature
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise DestinationRefused("unix sockets are not allowed")

    async def sleep(self, seconds: float) -> None:
        await self.inner.sleep(seconds)


class PinnedTransport(httpx.AsyncHTTPTransport):
    """``httpx.AsyncHTTPTransport`` whose connection pool connects through a
    :class:`PinnedBackend`, and which checks each request's URL first."""

    def __init__(
        self,
        policy: Policy,
        *,
        ssl_context: ssl.SSLContext | None = None,
        resolver: Resolver | None = None,
        limits: httpx.Limits = DEFAULT_LIMITS,
    ) -> None:
        context = ssl_context or client_context()
        super().__init__(verify=context, trust_env=False, limits=limits)
        self.policy = policy
        # The pool httpx built cannot take a network backend; this one is the same but for it.
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=context,
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=PinnedBackend(policy, resolver),
        )

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        try:
            check_parsed(request.url, self.policy)
        except UrlRefused as exc:
            raise DestinationRefused(exc.reason, request=request) from None
        return await super().handle_async_request(request)


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
) -> httpx.AsyncClient:
    """An ``httpx.AsyncClient`` for URLs that came from outside: every hop checked against
    ``policy`` and pinned. ``verify``/``cert`` as in :func:`perimeter.tls.client_context`
    (a CA bundle, and a client certificate for mutual TLS). Redirects are not followed unless
    asked; when they are, each hop is checked again."""
    transport = PinnedTransport(
        policy, ssl_context=client_context(verify, cert), resolver=resolver, limits=limits
    )
    return httpx.AsyncClient(
        transport=transport,
        timeout=timeout,
        follow_redirects=follow_redirects,
        max_redirects=max_redirects,
        trust_env=False,
    )
