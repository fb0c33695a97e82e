"""``op-platform conformance run|serve``: the EWBI conformance kit's command line.

``run`` checks a partner OP as its originating OP; ``serve`` is a strict partner OP for an OP
under test. Both print a summary and write the reports asked for. Exit codes: 0 when nothing
failed, 1 when a check failed, 2 when the command line or the environment is wrong.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from typing import Any

from op_platform.conformance import plan
from op_platform.conformance.profiles import PROFILES

DEFAULT_SECRET_ENV = "OP_CONFORMANCE_SECRET"


class UsageError(Exception):
    """The command line or its environment cannot be used; the message says why."""


def secret_from(env: str, what: str) -> str:
    value = os.environ.get(env)
    if not value:
        raise UsageError(f"the {what} secret is read from ${env}, which is not set")
    return value


def host_port(text: str) -> tuple[str, int]:
    host, _, port = text.rpartition(":")
    if not host or not port.isdigit():
        raise argparse.ArgumentTypeError(f"{text!r} is not HOST:PORT")
    return host.strip("[]"), int(port)


def _reports(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--profile", choices=PROFILES, default="strict")
    parser.add_argument("--junit", metavar="FILE", help="write a JUnit XML report")
    parser.add_argument("--json", metavar="FILE", help="write a JSON report")
    parser.add_argument("--html", metavar="FILE", help="write a self-contained HTML report")


def _run_parser(commands: Any) -> None:
    run = commands.add_parser(
        "run", help="check a partner OP's EWBI (the kit is the originating OP)"
    )
    run.add_argument("--partner", required=True, help="the partner's server root or EWBI root URL")
    run.add_argument("--api-root", help="the EWBI API root, when it is not {partner}"
                     "/operatorplatform/federation/v1 (a mock serving the paths at /)")  # fmt: skip
    run.add_argument("--token-url", required=True, help="the partner's OAuth2 token endpoint")
    run.add_argument("--client-id", required=True)
    run.add_argument("--client-secret-env", default=DEFAULT_SECRET_ENV, metavar="VAR")
    run.add_argument("--second-client-id", help="a second client, for the isolation check")
    run.add_argument("--second-client-secret-env", metavar="VAR")
    run.add_argument("--cert", help="client certificate (PEM) for mutual TLS")
    run.add_argument("--key", help="its private key (PEM)")
    run.add_argument("--ca", help="CA bundle to verify the partner with")
    areas = ", ".join(plan.AREAS)
    run.add_argument("--only", nargs="+", choices=plan.AREAS, default=[], metavar="AREA",
                     help=f"areas to check (their prerequisites come along): {areas}")  # fmt: skip
    run.add_argument("--callback-listen", type=host_port, default=("127.0.0.1", 0),
                     metavar="HOST:PORT", help="where the callback receiver listens")  # fmt: skip
    run.add_argument("--callback-url", help="the receiver's URL as the partner reaches it")
    run.add_argument("--callback-timeout", type=float, default=30.0, metavar="S",
                     help="how long a callback may take (default 30)")  # fmt: skip
    run.add_argument("--timeout", type=float, default=30.0, metavar="S", help="per request")
    run.add_argument(
        "--flavour", help="flavourId for InstallApp and pools (default: the zone's first)"
    )
    run.add_argument("--device-id", help="a roaming device the partner knows (AuthenticateDevice)")
    run.add_argument("--device-token-env", metavar="VAR", help="variable holding its token")
    _reports(run)
    run.set_defaults(func=_run)


def _serve_parser(commands: Any) -> None:
    serve = commands.add_parser("serve", help="be a strict partner OP for an OP under test")
    serve.add_argument("--listen", type=host_port, required=True, metavar="HOST:PORT")
    serve.add_argument("--public-url", help="the URL the OP under test reaches this one at")
    serve.add_argument(
        "--client-id", default="op-under-test", help="the client the OP under test uses"
    )
    serve.add_argument("--client-secret-env", default=DEFAULT_SECRET_ENV, metavar="VAR")
    serve.add_argument("--operator-id", default="conformance-partner")
    serve.add_argument(
        "--report-dir", help="write report.xml, report.json, report.html here on stop"
    )
    serve.add_argument("--profile", choices=PROFILES, default="strict")
    serve.set_defaults(func=_serve)


def register(commands: Any) -> None:
    conformance = commands.add_parser("conformance", help="the EWBI conformance kit")
    sub = conformance.add_subparsers(dest="conformance_command", required=True)
    _run_parser(sub)
    _serve_parser(sub)


def _run(args: argparse.Namespace) -> int:
    try:
        return asyncio.run(_run_async(args))
    except UsageError as exc:
        print(f"op-platform conformance: {exc}", file=sys.stderr)
        return 2


async def _run_async(args: argparse.Namespace) -> int:
    import httpx

    from op_platform.conformance import reports
    from op_platform.conformance.report_text import summary
    from op_platform.conformance.runner import Credentials, run
    from op_platform.conformance.session import Options

    secret = secret_from(args.client_secret_env, "client")
    second = None
    if args.second_client_id:
        second = secret_from(
            args.second_client_secret_env or DEFAULT_SECRET_ENV + "_2", "second client"
        )
    token = secret_from(args.device_token_env, "device token") if args.device_token_env else None
    options = Options(
        partner=args.partner,
        profile=args.profile,
        areas=plan.selected(args.only),
        callback_timeout=args.callback_timeout,
        device_id=args.device_id,
        device_token=token,
        flavour=args.flavour,
        api_root=args.api_root,
    )
    credentials = Credentials(args.token_url, args.client_id, secret, args.second_client_id, second)
    cert = (args.cert, args.key) if args.cert else None
    async with httpx.AsyncClient(timeout=args.timeout, verify=args.ca or True, cert=cert) as http:
        report = await run(options, credentials, http=http, listen=args.callback_listen,
                           callback_url=args.callback_url)  # fmt: skip
    reports.write(report, junit_path=args.junit, json_path=args.json, html_path=args.html)
    print(summary(report))
    return 1 if report.failed else 0


def _serve(args: argparse.Namespace) -> int:
    from op_platform.conformance.partner.main import serve

    try:
        secret = secret_from(args.client_secret_env, "client")
    except UsageError as exc:
        print(f"op-platform conformance: {exc}", file=sys.stderr)
        return 2
    return serve(args, secret)
