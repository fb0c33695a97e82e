"""The outbound URL policy flags the mocks that call URLs given to them share (MEO, NEF).

Such URLs are called over https, to public addresses only, unless these flags allow more; a lab
on one machine needs ``--allow-http --allow-network 127.0.0.0/8``.
"""

from __future__ import annotations

import argparse
from typing import Any


def add_policy_flags(parser: argparse.ArgumentParser, what: str) -> None:
    """Add ``--allow-http``, ``--allow-network``, ``--allow-host`` and ``--ca-file``;
    ``what`` says which URLs the policy governs (for ``--help``)."""
    group = parser.add_argument_group(
        "outbound URL policy",
        f"{what} are called over https, to public addresses only, unless allowed here; a lab "
        "on one machine needs --allow-http --allow-network 127.0.0.0/8",
    )
    group.add_argument("--allow-http", action="store_true", help="allow http besides https")
    group.add_argument(
        "--allow-network",
        action="append",
        metavar="CIDR",
        help="allow a non-public network, e.g. 127.0.0.0/8 or 10.20.0.0/16 (repeatable)",
    )
    group.add_argument(
        "--allow-host",
        action="append",
        metavar="NAME",
        help="allow a host name whatever it resolves to; .example.net covers its subdomains",
    )
    group.add_argument("--ca-file", metavar="PEM", help="CA bundle to verify https peers with")


def policy_from(args: argparse.Namespace) -> dict[str, Any]:
    """The policy the flags describe, as ``perimeter.Policy`` fields."""
    return {
        "schemes": ["http", "https"] if args.allow_http else ["https"],
        "allowed_networks": args.allow_network or [],
        "allowed_hosts": args.allow_host or [],
    }
