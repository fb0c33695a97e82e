"""Which IP addresses an outbound call may reach.

An address is refused when it falls in a range that is not the public internet: loopback,
link-local, private, CGNAT, unspecified, multicast, broadcast and the reserved and
documentation blocks, in both families. IPv6 forms that carry an IPv4 address (IPv4-mapped,
IPv4-compatible, 6to4, NAT64) are judged by the IPv4 address they carry, so ``::ffff:127.0.0.1``
is loopback. An allow-listed network lifts the refusal for the addresses inside it. The cloud
metadata addresses stay refused even then, unless allow-listed one address at a time.
"""

from __future__ import annotations

from collections.abc import Iterable
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_network

IPAddress = IPv4Address | IPv6Address
IPNetwork = IPv4Network | IPv6Network


def _nets(*cidrs: str) -> tuple[IPNetwork, ...]:
    return tuple(ip_network(c) for c in cidrs)


# (range name shown in refusals, networks); the first match names the refusal.
FORBIDDEN: tuple[tuple[str, tuple[IPNetwork, ...]], ...] = (
    ("unspecified", _nets("0.0.0.0/8", "::/128")),
    ("loopback", _nets("127.0.0.0/8", "::1/128")),
    ("link-local", _nets("169.254.0.0/16", "fe80::/10")),
    ("private", _nets("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7", "fec0::/10")),
    ("shared (CGNAT)", _nets("100.64.0.0/10")),
    ("multicast", _nets("224.0.0.0/4", "ff00::/8")),
    ("broadcast", _nets("255.255.255.255/32")),
    (
        "reserved",
        _nets(
            "192.0.0.0/24",
            "192.0.2.0/24",
            "192.88.99.0/24",
            "198.18.0.0/15",
            "198.51.100.0/24",
            "203.0.113.0/24",
            "240.0.0.0/4",
            "64:ff9b:1::/48",
            "100::/64",
            "2001::/32",
            "2001:db8::/32",
        ),
    ),
)

METADATA_ADDRESSES = frozenset(
    {IPv4Address("169.254.169.254"), IPv6Address("fd00:ec2::254"), IPv4Address("100.100.100.200")}
)
METADATA_HOSTS = frozenset({"metadata.google.internal", "metadata"})

_NAT64 = ip_network("64:ff9b::/96")
_COMPAT = ip_network("::/96")


def carried_ipv4(address: IPAddress) -> IPv4Address | None:
    """The IPv4 address an IPv6 address stands for, if any (mapped, compatible, 6to4, NAT64)."""
    if isinstance(address, IPv4Address):
        return None
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address in _NAT64 or (address in _COMPAT and int(address) > 1):
        return IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def effective(address: IPAddress) -> IPAddress:
    """The address that decides: the carried IPv4 address, or the address itself."""
    if isinstance(address, IPv6Address) and address.scope_id:
        address = IPv6Address(address.compressed.split("%")[0])
    return carried_ipv4(address) or address


def forbidden_range(address: IPAddress) -> str | None:
    """The name of the non-public range ``address`` is in, or None for a public address."""
    target = effective(address)
    for name, networks in FORBIDDEN:
        if any(target.version == net.version and target in net for net in networks):
            return name
    return None


def _inside(address: IPAddress, networks: Iterable[IPNetwork]) -> bool:
    return any(address.version == net.version and address in net for net in networks)


def refusal(address: IPAddress, allowed: Iterable[IPNetwork]) -> str | None:
    """Why ``address`` may not be reached under the allow-list, or None when it may."""
    allowed = tuple(allowed)
    target = effective(address)
    if target in METADATA_ADDRESSES:
        single = [n for n in allowed if n.num_addresses == 1]
        return None if _inside(target, single) else "cloud metadata address"
    if _inside(target, allowed) or _inside(address, allowed):
        return None
    name = forbidden_range(address)
    return f"{name} address" if name else None
