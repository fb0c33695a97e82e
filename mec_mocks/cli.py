"""``mec-mocks``: command line of the mock systems (parse, build config, run).

mec-mocks meo  --network-id ID --port P [--host H] [--op-url URL] [--mepm-url URL]
               [--op-notify-url URL] [--op-token-url URL --op-client-id ID] [--database PATH]
               [--public-url URL]   (the client secret in $MEO_OP_CLIENT_SECRET)
               [--allow-http] [--allow-network CIDR ...] [--allow-host NAME ...]
               [--allow-file-urls] [--ca-file PEM]
mec-mocks mepm --port P [--host H] [--database PATH]
mec-mocks oss onboard --meo URL --target-network ID --app-type traditional|cross-network
               --package FILE_OR_URL [--wait] [--wait-remote] [--timeout S] [--json]
mec-mocks oss make-package OUT [--name N] [--version V] [--provider P]
mec-mocks nef  --port P [--host H] [--ues N] [--seed S] [--move-every S] [--dnai ZONE=DNAI ...]
               [--zone-location ZONE=LAT,LON ...] [--client ID:SECRET ...] [--database PATH]
               [--public-url URL] [--config FILE]
mec-mocks nef admin ues|cells|sites|subscriptions|notifications|status|move-ue|drop-qos|
               restore-qos|release-qos|down|up [--nef URL] ...
mec-mocks edge-site [--profile outdoor|indoor|immersion] [--nodes N] [--site-id ID] [--port P]
               [--host H] [--user U] [--password P] [--http | --cert F --key F]
               [--time-scale X] [--seed S] [--ambient C] [--sockets N] [--cores N]
               [--memory-gib N] [--accelerators N]
mec-mocks edge-site admin --url URL [--cacert F | --insecure] COMMAND ...
               (state, events, ambient, advance, link-down, load, power, fan, psu, leak)
mec-mocks oss flows --operator ID,NETWORK_ID,OP_URL,MEO_URL[,optional] ... [--admin-token T]
               [--flows traditional,cross-network] [--app-name N] [--app-version V] [--ca-file PEM]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

from pydantic import ValidationError

from mec_mocks.common.cli_options import options
from mec_mocks.common.outbox import OutboxConfig
from mec_mocks.common.serving import bind_socket, serve_until_signal
from mec_mocks.common.url_flags import add_policy_flags, policy_from

Command = Callable[[argparse.Namespace], int]


def _config_errors(exc: ValidationError) -> str:
    return "; ".join(
        (".".join(str(p) for p in e["loc"]) + ": " if e["loc"] else "")
        + e["msg"].removeprefix("Value error, ")
        for e in exc.errors()
    )


# Options that fill the config field of the same name.
MEO_OPTIONS = (
    "network_id",
    "database",
    "host",
    "port",
    "public_url",
    "op_url",
    "mepm_url",
    "op_notify_url",
    "op_token_url",
    "op_client_id",
    "allow_file_urls",
    "ca_file",
)
FLOWS_OPTIONS = (
    "admin_token",
    "app_name",
    "app_version",
    "advertise_host",
    "serve_host",
    "ready_timeout",
    "ca_file",
)
ONBOARD_OPTIONS = (
    "target_network",
    "app_type",
    "package",
    "wait_remote",
    "serve",
    "serve_host",
    "advertise_host",
    "name",
    "version",
    "provider",
)


def _meo(args: argparse.Namespace) -> int:
    from mec_mocks.meo import MeoConfig, create_app

    policy = policy_from(args)
    try:
        config = MeoConfig(
            **options(args, *MEO_OPTIONS),
            op_client_secret=os.environ.get(args.op_client_secret_env) or None,
            url_policy=policy,
            outbox=OutboxConfig(base_delay=args.retry_base_delay, max_delay=args.retry_max_delay),
        )
    except ValidationError as exc:
        print(f"mec-mocks meo: {_config_errors(exc)}", file=sys.stderr)
        return 2
    sock = bind_socket(args.host, args.port)
    config = config.model_copy(update={"port": sock.getsockname()[1]})
    asyncio.run(serve_until_signal(create_app(config), sock))
    return 0


def _mepm(args: argparse.Namespace) -> int:
    from mec_mocks.mepm import MepmConfig, create_app

    sock = bind_socket(args.host, args.port)
    config = MepmConfig(database=args.database, host=args.host, port=sock.getsockname()[1])
    asyncio.run(serve_until_signal(create_app(config), sock))
    return 0


def _show(args: argparse.Namespace, result: dict[str, Any], text: str) -> None:
    """Print ``result`` as JSON with ``--json``, else the line for people."""
    print(json.dumps(result, indent=2) if args.json else text)


def _oss_onboard(args: argparse.Namespace) -> int:
    from mec_mocks.oss.onboard import OnboardEvent, OssError, onboard

    def show(ev: OnboardEvent) -> None:
        print(ev.line(), file=sys.stderr if args.json else sys.stdout, flush=True)

    try:
        result = asyncio.run(
            onboard(
                **options(args, *ONBOARD_OPTIONS),
                meo_url=args.meo,
                wait=args.wait or args.wait_remote,
                wait_timeout=args.timeout,
                on_event=show,
            )
        )
    except OssError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    outcome = "OK" if result.ok else "FAILED"
    text = f"result: {outcome} id={result.app_pkg_id} state={result.onboarding_state}"
    _show(args, result.to_dict(), text)
    return result.exit_code


def _oss_make_package(args: argparse.Namespace) -> int:
    from mec_mocks.oss.package import make_package

    made = make_package(args.out, name=args.name, version=args.version, provider=args.provider)
    _show(
        args,
        made.to_dict(),
        f"wrote {made.path} ({made.size} bytes)\n"
        f"appDId {made.appd['appDId']}\n{made.algorithm} {made.checksum}",
    )
    return 0


def _oss_flows(args: argparse.Namespace) -> int:
    from mec_mocks.oss.flows import run_flows
    from mec_mocks.oss.operators import LabError, parse_operator

    try:
        operators = [parse_operator(text) for text in args.operator]
        return asyncio.run(
            run_flows(
                operators,
                **options(args, *FLOWS_OPTIONS),
                flows=[f.strip() for f in args.flows.split(",") if f.strip()],
                flow_timeout=args.timeout,
                say=lambda line: print(line, flush=True),
            )
        )
    except LabError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


def _add_meo(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("meo", help="MEC orchestrator: MEC 010-2 app_pkgm + onboarding variant")
    p.add_argument("--network-id", required=True, help="this MEO's network (OP id or PLMN)")
    p.add_argument("--port", type=int, default=9001)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--op-url", help="the OP's SBI-CR root, e.g. http://127.0.0.1:8080/sbi-cr/v1")
    p.add_argument("--mepm-url", help="MEPM base URL; events go to {url}/notifications")
    p.add_argument("--op-notify-url", help="callback URL subscribed to all package events")
    p.add_argument("--op-token-url", help="the OP's token endpoint (its SBI-CR needs a token)")
    p.add_argument("--op-client-id", help="this MEO's client id at its OP (scope sbi-cr)")
    p.add_argument(
        "--op-client-secret-env",
        default="MEO_OP_CLIENT_SECRET",
        help="environment variable holding the client secret (default MEO_OP_CLIENT_SECRET)",
    )
    p.add_argument("--database", default="meo.db", help="SQLite file (default meo.db)")
    p.add_argument("--public-url", help="base URL others use to reach this MEO")
    p.add_argument("--retry-base-delay", type=float, default=1.0, help="outbox backoff base (s)")
    p.add_argument("--retry-max-delay", type=float, default=60.0, help="outbox backoff cap (s)")
    add_policy_flags(p, "Package paths (appPkgPath), callbacks (callbackUri) and the URLs above")
    p.add_argument(
        "--allow-file-urls",
        action="store_true",
        help="accept file:// package paths read from this machine's disk (labs only)",
    )
    p.set_defaults(func=_meo)


def _add_mepm(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("mepm", help="MEPM: records MEC 010-2 package notifications")
    p.add_argument("--port", type=int, default=9002)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--database", default="mepm.db", help="SQLite file (default mepm.db)")
    p.set_defaults(func=_mepm)


def _add_oss(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("oss", help="OSS: make and onboard application packages")
    oss = p.add_subparsers(dest="oss_command", required=True)
    o = oss.add_parser("onboard", help="onboard a package at a MEO (variant URI)")
    o.add_argument("--meo", required=True, help="MEO base URL, e.g. http://127.0.0.1:9001")
    o.add_argument("--target-network", required=True)
    o.add_argument("--app-type", required=True, choices=["traditional", "cross-network"])
    o.add_argument("--package", required=True, help="local file, file:// or http(s) URL")
    o.add_argument("--wait", action="store_true", help="follow until ONBOARDED or failed")
    o.add_argument(
        "--wait-remote",
        action="store_true",
        help="with cross-network, also wait for every remote network's outcome",
    )
    o.add_argument("--timeout", type=float, default=120.0, help="seconds to wait (default 120)")
    o.add_argument("--json", action="store_true", help="print a machine-readable result")
    o.add_argument(
        "--serve",
        choices=["http", "file"],
        default="http",
        help="how the MEO gets a local file: loopback HTTP server, or a file:// URL "
        "(only accepted by a MEO started with --allow-file-urls)",
    )
    o.add_argument("--serve-host", default="127.0.0.1", help="bind address of the file server")
    o.add_argument("--advertise-host", help="host name the MEO uses to reach the file server")
    o.add_argument("--name", help="appPkgName (default: appName from the AppD)")
    o.add_argument("--version", help="appPkgVersion (default: appSoftVersion from the AppD)")
    o.add_argument("--provider", help="appProvider (default: from the AppD)")
    o.set_defaults(func=_oss_onboard)
    m = oss.add_parser("make-package", help="write a valid sample package (zip or .tar.gz)")
    m.add_argument("out", help="output file (.zip, .tar.gz or .tar)")
    m.add_argument("--name", default="Demo App")
    m.add_argument("--version", default="1.0.0")
    m.add_argument("--provider", default="ACME")
    m.add_argument("--json", action="store_true")
    m.set_defaults(func=_oss_make_package)
    f = oss.add_parser(
        "flows",
        help="federate the OPs, onboard traditionally and across networks, check every MEO",
    )
    f.add_argument(
        "--operator",
        action="append",
        required=True,
        metavar="ID,NETWORK_ID,OP_URL,MEO_URL[,optional]",
        help="one operator (repeat; the first is the OSS's own); optional: only if it resolves",
    )
    f.add_argument("--admin-token", help="bearer token of the OPs' admin API")
    f.add_argument("--flows", default="traditional,cross-network", help="which flows to run")
    f.add_argument("--app-name", default="Demo App", help="appPkgName of the sample packages")
    f.add_argument("--app-version", default="1.0.0", help="version of the first package")
    f.add_argument("--serve-host", default="0.0.0.0", help="bind address of the file server")
    f.add_argument("--advertise-host", help="address the MEOs fetch packages from (default: own)")
    f.add_argument("--ready-timeout", type=float, default=180.0, help="seconds to wait for OPs")
    f.add_argument("--timeout", type=float, default=180.0, help="seconds to wait for each flow")
    f.add_argument(
        "--ca-file", metavar="PEM", help="CA bundle to verify https OPs and MEOs with (a lab CA)"
    )
    f.set_defaults(func=_oss_flows)


def _add_nef(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from mec_mocks.nef.cli import add_parser

    add_parser(sub)


def _add_edge_site(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from mec_mocks.edge_site.cli import add_parser

    add_parser(sub)


# One row per system.
SUBCOMMANDS = [_add_meo, _add_mepm, _add_oss, _add_nef, _add_edge_site]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mec-mocks", description="Operator-side systems around an Operator Platform."
    )
    parser.add_argument(
        "--log-level", default="INFO", choices=["DEBUG", "INFO", "WARNING", "ERROR"]
    )
    sub = parser.add_subparsers(dest="command", required=True)
    for add in SUBCOMMANDS:
        add(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=args.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger("httpx").setLevel(logging.WARNING)
    try:
        code: int = args.func(args)
    except KeyboardInterrupt:
        code = 130
    return code


if __name__ == "__main__":
    sys.exit(main())
