"""The outbound URL policy and the check made when a URL is accepted.

A :class:`Policy` says which schemes (``https`` by default; ``http`` only when configured),
which networks and which host names an outbound call may reach beyond the public internet.
``file`` is never a choice here. :func:`check_url` applies every rule that can be judged from the
URL alone (scheme, host, user information, port, an IP-literal host, the metadata host names)
and returns the parsed URL; the transport (:mod:`perimeter.transport`) applies the address rules
again to every address a host name resolves to, when it connects.

A refusal says which rule was broken, never what is at the other end.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass
from ipaddress import IPv4Address, IPv6Address, ip_address

import httpx
import yarl
from pydantic import BaseModel, ConfigDict, IPvAnyNetwork, field_validator

from perimeter.addresses import METADATA_HOSTS, IPAddress, refusal

SCHEMES = ("http", "https")
DEFAULT_PORTS = {"http": 80, "https": 443}
LOOPBACK_NETWORKS = ("127.0.0.0/8", "::1/128")
MAX_URL_LENGTH = 4096


class UrlRefused(ValueError):
    """A URL the policy refuses. ``field`` is the request field it came from (the caller sets
    it, or passes it to :func:`check_url`); ``reason`` names the rule broken."""

    def __init__(self, reason: str, field: str | None = None) -> None:
        super().__init__(f"{field}: {reason}" if field else reason)
        self.reason = reason
        self.field = field


class Policy(BaseModel):
    """Where outbound calls may go. Immutable; embed it in settings as a sub-model."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    schemes: frozenset[str] = frozenset({"https"})
    """Allowed URL schemes: ``https`` and, only when configured, ``http``."""
    allowed_networks: tuple[IPvAnyNetwork, ...] = ()
    """CIDRs reachable although not public (e.g. ``127.0.0.0/8`` in a lab on one machine)."""
    allowed_hosts: tuple[str, ...] = ()
    """Host names whose addresses are not judged (``.example.net`` also covers subdomains)."""

    @field_validator("schemes")
    @classmethod
    def _schemes(cls, value: frozenset[str]) -> frozenset[str]:
        lowered = frozenset(s.lower() for s in value)
        unknown = sorted(lowered - set(SCHEMES))
        if unknown:
            raise ValueError(f"unsupported scheme {unknown[0]!r}; use http and/or https")
        if not lowered:
            raise ValueError("at least one scheme is needed")
        return lowered

    @field_validator("allowed_hosts")
    @classmethod
    def _hosts(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(h.strip().lower().rstrip(".") for h in value if h.strip())

    @classmethod
    def loopback(cls) -> Policy:
        """http and https, loopback allow-listed: for a lab, a demo or tests on one machine."""
        return cls.model_validate(
            {"schemes": list(SCHEMES), "allowed_networks": list(LOOPBACK_NETWORKS)}
        )

    def host_allowed(self, host: str) -> bool:
        name = host.lower().rstrip(".")
        return any(
            name == h or (h.startswith(".") and (name.endswith(h) or name == h[1:]))
            for h in self.allowed_hosts
        )

    def address_refusal(self, address: IPAddress) -> str | None:
        return refusal(address, self.allowed_networks)


@dataclass(frozen=True)
class ParsedURL:
    url: str
    scheme: str
    host: str
    """ASCII host (IDNA-encoded), lowercase, without brackets or trailing dot."""
    port: int
    address: IPAddress | None
    """The address when the host is an IP literal (or a numeric IPv4 form), else None."""


def literal_address(host: str) -> IPAddress | None:
    """The address a host stands for without DNS: an IP literal, or a numeric IPv4 form such as
    ``2130706433`` or ``0x7f.1`` that resolvers would turn into one."""
    try:
        return ip_address(host)
    except ValueError:
        pass
    if host and all(c in "0123456789abcdefx." for c in host) and host[0].isdigit():
        try:
            return IPv4Address(socket.inet_aton(host))
        except OSError:
            return None
    return None


def _localhost(host: str) -> bool:
    return host == "localhost" or host.endswith(".localhost")


def check_host(host: str, policy: Policy) -> IPAddress | None:
    """Apply the host rules; returns the literal address, if any. Raises :class:`UrlRefused`."""
    if not host:
        raise UrlRefused("the URL has no host")
    if policy.host_allowed(host):
        return literal_address(host)
    if host in METADATA_HOSTS:
        raise UrlRefused("the host is a cloud metadata service")
    address = literal_address(host)
    candidates: list[IPAddress] = [address] if address is not None else []
    if _localhost(host):
        candidates = [IPv4Address("127.0.0.1"), IPv6Address("::1")]
    for candidate in candidates:
        why = policy.address_refusal(candidate)
        if why is not None:
            raise UrlRefused(f"the host is a {why}, which is not allowed")
    return address


def check_url(url: str, policy: Policy, *, field: str | None = None) -> ParsedURL:
    """Check a URL when it is accepted (a request field or a setting); raises
    :class:`UrlRefused` naming ``field`` and the rule broken."""
    try:
        return _check(url, policy)
    except UrlRefused as exc:
        raise UrlRefused(exc.reason, field) from None


def _check(url: str, policy: Policy) -> ParsedURL:
    if len(url) > MAX_URL_LENGTH:
        raise UrlRefused(f"the URL is longer than {MAX_URL_LENGTH} characters")
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError, ValueError):
        raise UrlRefused("not a valid URL") from None
    return check_parsed(parsed, policy)


def check_parsed(parsed: httpx.URL, policy: Policy) -> ParsedURL:
    """The rules of :func:`check_url` on an already parsed URL (the transport's request URL)."""
    host = parsed.raw_host.decode("ascii").lower().rstrip(".")
    scheme, port, address = _check_parts(
        parsed.scheme, bool(parsed.userinfo), parsed.port, host, policy
    )
    return ParsedURL(url=str(parsed), scheme=scheme, host=host, port=port, address=address)


def check_target(target: yarl.URL, policy: Policy) -> None:
    """The rules of :func:`check_url` on the URL as ``aiohttp`` will connect to it (a client's
    direct sends, :meth:`perimeter.client.PinnedClient.fetch`)."""
    host = (target.raw_host or "").lower().rstrip(".")
    user_info = bool(target.raw_user) or target.raw_password is not None
    _check_parts(target.scheme, user_info, target.explicit_port, host, policy)


def _check_parts(
    scheme: str, user_info: bool, port: int | None, host: str, policy: Policy
) -> tuple[str, int, IPAddress | None]:
    if scheme == "file":
        raise UrlRefused("file URLs are not allowed")
    if scheme not in policy.schemes:
        allowed = " or ".join(sorted(policy.schemes))
        raise UrlRefused(f"the scheme must be {allowed}, not {scheme or '(none)'!r}")
    if user_info:
        raise UrlRefused("the URL must not contain user information")
    port = port if port is not None else DEFAULT_PORTS[scheme]
    if not 1 <= port <= 65535:
        raise UrlRefused("the port is out of range")
    return scheme, port, check_host(host, policy)
