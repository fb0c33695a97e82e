"""Resolving an outbound host name under the policy: every address checked before any is used.

:func:`checked_addresses` resolves a name once (``getaddrinfo``, or a stub in tests) and refuses
it if ANY of its addresses is outside the policy (a name that resolves to loopback is refused).
:class:`PinnedResolver` is that check as an ``aiohttp`` resolver: the connector then connects to
the checked addresses themselves, so there is no second lookup to rebind, while TLS still gets
the original name for SNI and certificate verification.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Awaitable, Callable
from ipaddress import ip_address

import httpx
from aiohttp.abc import AbstractResolver, ResolveResult

from perimeter.addresses import IPAddress
from perimeter.urls import Policy, UrlRefused, check_host

Resolver = Callable[[str, int], Awaitable[list[str]]]
"""``(host, port) -> addresses``; tests stub it, production uses :func:`system_resolver`."""


class DestinationRefused(httpx.ConnectError):
    """The policy refused the destination; ``reason`` names the rule, never what is there."""

    def __init__(self, reason: str, *, request: httpx.Request | None = None) -> None:
        super().__init__(f"refused by the outbound URL policy: {reason}", request=request)
        self.reason = reason


class Unresolvable(OSError):
    """The name has no address (or the lookup failed): a connection error, not a refusal."""


async def system_resolver(host: str, port: int) -> list[str]:
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    found: list[str] = []
    for *_, sockaddr in infos:
        address = str(sockaddr[0])
        if address not in found:
            found.append(address)
    return found


async def checked_addresses(
    host: str, port: int, policy: Policy, resolver: Resolver, seconds: float | None = None
) -> list[IPAddress]:
    """The addresses of ``host``, each allowed by ``policy`` (resolving takes at most
    ``seconds``). Raises :class:`DestinationRefused` or :class:`Unresolvable`."""
    try:
        literal = check_host(host, policy)
    except UrlRefused as exc:
        raise DestinationRefused(exc.reason) from None
    if literal is not None:
        return [literal]
    try:
        names = await asyncio.wait_for(resolver(host, port), seconds)
        found = [ip_address(name) for name in names]
    except (OSError, TimeoutError, ValueError):
        raise Unresolvable("the host name could not be resolved") from None
    if not found:
        raise Unresolvable("the host name has no address")
    refused = any(policy.address_refusal(a) is not None for a in found)
    if refused and not policy.host_allowed(host):
        raise DestinationRefused("the host name resolves to an address that is not allowed")
    return found


class PinnedResolver(AbstractResolver):
    """The connector's resolver: :func:`checked_addresses`, as ``aiohttp`` wants them."""

    def __init__(self, policy: Policy, resolver: Resolver | None = None) -> None:
        self.policy = policy
        self.resolver = resolver or system_resolver

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        found = await checked_addresses(host.rstrip("."), port, self.policy, self.resolver)
        return [
            ResolveResult(
                hostname=host,
                host=str(address),
                port=port,
                family=socket.AF_INET6 if address.version == 6 else socket.AF_INET,
                proto=0,
                flags=socket.AI_NUMERICHOST,
            )
            for address in found
        ]

    async def close(self) -> None:
        return None
