"""``op-platform certs``: a lab CA and the certificates it issues (see security/certs.py).

op-platform certs init  --dir DIR [--name "Lab CA"] [--days N] [--force]
op-platform certs issue --dir DIR --name op-1 [--dns NAME ...] [--ip ADDR ...]
                        [--server] [--client] [--days N]
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from op_platform.security import certs

Command = Callable[[argparse.Namespace], int]


def _init(args: argparse.Namespace) -> int:
    ca = certs.make_ca(args.dir, args.name, days=args.days, force=args.force)
    print(f"CA {args.name!r}: {ca.cert} (key {ca.key}, mode 0600)")
    return 0


def _issue(args: argparse.Namespace) -> int:
    server, client = args.server, args.client
    if not (server or client):
        server = client = True
    made = certs.issue(
        certs.load_ca(args.dir),
        args.name,
        dns=args.dns or [],
        ips=args.ip or [],
        server=server,
        client=client,
        days=args.days,
    )
    usages = " and ".join(u for u, on in (("serverAuth", server), ("clientAuth", client)) if on)
    print(f"{args.name}: {made.cert} (key {made.key}, mode 0600; {usages})")
    print(f"x5t#S256: {certs.file_thumbprint(made.cert)}")
    return 0


def _guarded(run: Command) -> Command:
    def wrapped(args: argparse.Namespace) -> int:
        try:
            return run(args)
        except certs.CertError as exc:
            print(f"op-platform: {exc}", file=sys.stderr)
            return 1

    return wrapped


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("certs", help="a lab CA and TLS certificates for OPs")
    sub = parser.add_subparsers(dest="certs_command", required=True)
    init = sub.add_parser("init", help="make a CA (ca.crt, ca.key) in a directory")
    init.add_argument("--dir", required=True, help="directory for the CA and certificates")
    init.add_argument("--name", default="Lab CA", help="the CA's common name")
    init.add_argument("--days", type=int, default=3650, help="validity (default 3650)")
    init.add_argument("--force", action="store_true", help="replace an existing CA")
    init.set_defaults(func=_guarded(_init))
    issue = sub.add_parser("issue", help="issue NAME.crt and NAME.key signed by the CA")
    issue.add_argument("--dir", required=True, help="directory holding the CA")
    issue.add_argument("--name", required=True, help="certificate (and file) name, e.g. op-1")
    issue.add_argument("--dns", action="append", help="DNS subject alternative name (repeat)")
    issue.add_argument("--ip", action="append", help="IP subject alternative name (repeat)")
    issue.add_argument("--server", action="store_true", help="EKU serverAuth")
    issue.add_argument("--client", action="store_true", help="EKU clientAuth")
    issue.add_argument("--days", type=int, default=825, help="validity (default 825)")
    issue.set_defaults(func=_guarded(_issue))
