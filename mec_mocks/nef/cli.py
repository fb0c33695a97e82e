"""``mec-mocks nef``: run the NEF mock, or drive a running one (``mec-mocks nef admin ...``).

Settings: defaults < ``--config FILE`` (TOML, see :func:`mec_mocks.nef.config.load_toml`) <
flags. ``--dnai`` and ``--zone-location`` add to or change the sites of the file; without either
(and no file) the network has two sites, zone-1=dnai-1 and zone-2=dnai-2.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import Any

from mec_mocks.common.serving import bind_socket, serve_until_signal
from mec_mocks.common.url_flags import add_policy_flags, policy_from
from mec_mocks.nef.admin_client import add_admin_parser
from mec_mocks.nef.config import NefConfig, Site, default_sites, load_toml, merge_sites, parse_pair

DESCRIPTION = """\
3GPP NEF northbound APIs for an Operator Platform acting as AF: TS 29.522 traffic influence
(/3gpp-traffic-influence/v1) and EAS deployment (/3gpp-eas-deployment/v1), TS 29.122 AS session
with QoS (/3gpp-as-session-with-qos/v1) and monitoring events, location reporting
(/3gpp-monitoring-event/v1), with OAuth2 client credentials (POST /oauth2/token), over a
simulated network: one DNAI per edge site (OP zone), a few cells around each, N UEs that move
when told (admin API) or at random. Admin API under /admin; see `mec-mocks nef admin --help`.
"""

EPILOG = """\
example:
  mec-mocks nef --port 9003 --client op-1:s3cret --ues 20 --seed 7 \\
      --dnai zone-paris=dnai-paris --zone-location zone-paris=48.85,2.35 \\
      --dnai zone-lyon=dnai-lyon --zone-location zone-lyon=45.76,4.84
  mec-mocks nef admin move-ue --nef http://127.0.0.1:9003 --ue ue-1 --dnai dnai-lyon
"""


def build_config(args: argparse.Namespace, port: int) -> NefConfig:
    data: dict[str, Any] = load_toml(args.config) if args.config else {}
    flags = {
        "host": args.host,
        "public_url": args.public_url,
        "database": args.database,
        "ues": args.ues,
        "seed": args.seed,
        "move_every": args.move_every,
        "cells_per_dnai": args.cells_per_dnai,
        "plmn": args.plmn,
        "token_lifetime": args.token_lifetime,
    }
    data.update({k: v for k, v in flags.items() if v is not None})
    data["port"] = port
    clients = dict(data.get("clients", {}))
    for item in args.client:
        client_id, secret = parse_pair(item, ":", "AF_ID:SECRET")
        clients[client_id] = secret
    data["clients"] = clients
    configured = [Site.model_validate(s) for s in data.get("sites", [])]
    base = configured or ([] if args.dnai else default_sites())
    data["sites"] = merge_sites(base, args.dnai, args.zone_location)
    if args.allow_http or args.allow_network or args.allow_host or "url_policy" not in data:
        data["url_policy"] = policy_from(args)
    if args.ca_file:
        data["ca_file"] = args.ca_file
    return NefConfig.model_validate(data)


def serve(args: argparse.Namespace) -> int:
    from mec_mocks.nef.app import create_app

    sock = bind_socket(args.host or "127.0.0.1", args.port)
    try:
        config = build_config(args, sock.getsockname()[1])
    except ValueError as exc:
        sock.close()
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if not config.clients:
        print("warning: no --client given; no AF can get a token", file=sys.stderr)
    asyncio.run(serve_until_signal(create_app(config), sock))
    return 0


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "nef",
        help="NEF: 3GPP traffic influence, EAS deployment, QoS and location over a mock network",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--port", type=int, default=9003, help="listen port (default 9003)")
    p.add_argument("--host", help="listen address (default 127.0.0.1)")
    p.add_argument("--public-url", help="base URL AFs use to reach this NEF (self links)")
    p.add_argument(
        "--database", help="SQLite file: subscriptions and UE positions survive a restart"
    )
    p.add_argument("--config", help="TOML file with the same settings (flags win)")
    p.add_argument(
        "--client",
        action="append",
        default=[],
        metavar="AF_ID:SECRET",
        help="an AF allowed to get tokens; its id is the {afId}/{scsAsId} it may use (repeat)",
    )
    p.add_argument(
        "--dnai",
        action="append",
        default=[],
        metavar="ZONE_ID=DNAI",
        help="an edge site: the OP zone id and the DNAI serving it (repeat)",
    )
    p.add_argument(
        "--zone-location",
        action="append",
        default=[],
        metavar="ZONE_ID=LAT,LON",
        help="where a zone's site is (default: sites ~15 km apart near Paris)",
    )
    p.add_argument("--ues", type=int, help="number of simulated UEs (default 10)")
    p.add_argument("--seed", type=int, help="seed of the UEs' first cells and random moves")
    p.add_argument(
        "--move-every", type=float, help="seconds between random moves of one UE (0 = off)"
    )
    p.add_argument("--cells-per-dnai", type=int, help="cells around each site (default 3)")
    p.add_argument("--plmn", help="MCC+MNC of the simulated network (default 00101)")
    p.add_argument("--token-lifetime", type=int, help="access token lifetime in s (default 3600)")
    add_policy_flags(p, "Notification destinations given by AFs")
    p.set_defaults(func=serve)
    add_admin_parser(p.add_subparsers(dest="nef_command", metavar="{admin}"))
