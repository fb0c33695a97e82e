"""``mec-mocks edge-site``: serve one site's Redfish gateway, or drive a running one's admin API.

mec-mocks edge-site [--profile outdoor|indoor|immersion] [--nodes N] [--site-id ID]
                    [--host H] [--port P] [--user U] [--password P] [--http | --cert F --key F]
                    [--time-scale X] [--seed S] [--ambient C] [--sockets N] [--cores N]
                    [--memory-gib N] [--accelerators N] [--storage-gb N]
mec-mocks edge-site admin --url URL [--user U] [--password P] [--cacert F | --insecure] COMMAND
    state | events | ambient C | advance SECONDS | link-down SECONDS | load NODE L
    | power NODE on|off | fan NODE FAN|all fail|restore | psu NODE PSU|all fail|restore
    | leak NODE on|off
"""

from __future__ import annotations

import argparse
import asyncio
import json
import ssl
import sys
import tempfile
from pathlib import Path
from typing import Any

import httpx

from mec_mocks.common.cli_options import options
from mec_mocks.common.serving import bind_socket, serve_until_signal
from mec_mocks.common.tls import fingerprint, self_signed, server_context
from mec_mocks.edge_site.profiles import PROFILES


def _serve(args: argparse.Namespace) -> int:
    from mec_mocks.edge_site import EdgeSiteConfig, NodeSizing, create_app

    sock = bind_socket(args.host, args.port)
    sizing = options(args, "sockets", "memory_gib", "accelerators", "storage_gb")
    config = EdgeSiteConfig(
        **options(args, "site_id", "profile", "nodes", "host", "user", "password"),
        **options(args, "time_scale", "seed"),
        sizing=NodeSizing(**sizing, cores_per_socket=args.cores),
        port=sock.getsockname()[1],
        tls=not args.http,
        ambient_c=args.ambient,
    )
    print(f"edge site {config.site_id}: {config.nodes} {config.profile} nodes", flush=True)
    print(
        f"Redfish at {config.base_url}/redfish/v1/  user {config.user} password {config.password}"
    )
    print(f"admin API at {config.base_url}/admin/state", flush=True)
    if args.http:
        asyncio.run(serve_until_signal(create_app(config), sock))
        return 0
    with tempfile.TemporaryDirectory(prefix="edge-site-") as tmp:
        if args.cert and args.key:
            cert, key = Path(args.cert), Path(args.key)
            print(f"TLS certificate {cert} sha256 {fingerprint(cert.read_bytes())}", flush=True)
        else:
            made = self_signed(Path(tmp), config.host)
            cert, key = made.cert, made.key
            print(f"self-signed TLS certificate {cert} sha256 {made.fingerprint}", flush=True)
        context = server_context(cert, key)
        asyncio.run(serve_until_signal(create_app(config), sock, ssl_context=context))
    return 0


def _admin_request(args: argparse.Namespace) -> tuple[str, str, dict[str, Any] | None]:
    c = args.admin_command
    if c in ("state", "events"):
        return "GET", f"/admin/{c}", None
    if c == "ambient":
        return "POST", "/admin/ambient", {"celsius": args.celsius}
    if c == "advance":
        return "POST", "/admin/advance", {"seconds": args.seconds}
    if c == "link-down":
        return "POST", "/admin/link", {"downSeconds": args.seconds}
    node = f"/admin/nodes/{args.node}"
    if c == "load":
        return "POST", f"{node}/load", {"load": args.load}
    if c == "power":
        return "POST", f"{node}/power", {"state": args.state}
    if c == "leak":
        return "POST", f"{node}/leak", {"leaking": args.state == "on"}
    part = "fans" if c == "fan" else "power-supplies"
    return "POST", f"{node}/{part}/{args.part}/{args.action}", None


def _admin(args: argparse.Namespace) -> int:
    method, path, body = _admin_request(args)
    verify: ssl.SSLContext | bool = not args.insecure
    if args.cacert:
        verify = ssl.create_default_context(cafile=args.cacert)
    try:
        with httpx.Client(verify=verify, timeout=30.0, auth=(args.user, args.password)) as http:
            resp = http.request(method, args.url.rstrip("/") + path, json=body)
    except httpx.HTTPError as exc:
        print(f"error: {args.url} unreachable: {exc}", file=sys.stderr)
        return 2
    try:
        data = resp.json()
    except ValueError:
        data = resp.text
    print(json.dumps(data, indent=2))
    return 0 if resp.is_success else 1


def _add_admin(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    a = sub.add_parser("admin", help="fault injection and time on a running edge site")
    a.add_argument("--url", required=True, help="the site's base URL, e.g. https://127.0.0.1:8443")
    a.add_argument("--user", default="admin")
    a.add_argument("--password", default="admin")
    a.add_argument("--cacert", help="CA file to trust (the site's certificate)")
    a.add_argument("--insecure", action="store_true", help="do not verify the TLS certificate")
    cmd = a.add_subparsers(dest="admin_command", required=True)
    cmd.add_parser("state", help="the whole site")
    cmd.add_parser("events", help="the last events raised")
    cmd.add_parser("ambient", help="set the ambient temperature").add_argument(
        "celsius", type=float
    )
    cmd.add_parser("advance", help="move simulated time").add_argument("seconds", type=float)
    cmd.add_parser("link-down", help="Redfish unreachable for S s (0 restores)").add_argument(
        "seconds", type=float
    )
    load = cmd.add_parser("load", help="a node's load, 0..1")
    load.add_argument("node")
    load.add_argument("load", type=float)
    for name, choices in (("power", ("on", "off")), ("leak", ("on", "off"))):
        p = cmd.add_parser(name, help=f"{name} of a node")
        p.add_argument("node")
        p.add_argument("state", choices=choices)
    for name in ("fan", "psu"):
        p = cmd.add_parser(name, help=f"fail or restore a {name} ('all' for every one)")
        p.add_argument("node")
        p.add_argument("part")
        p.add_argument("action", choices=("fail", "restore"))
    a.set_defaults(func=_admin)


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("edge-site", help="one edge site's Redfish gateway over N edge servers")
    p.add_argument("--profile", choices=sorted(PROFILES), default="outdoor")
    p.add_argument("--nodes", type=int, default=4)
    p.add_argument("--site-id", default="site-1")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8443)
    p.add_argument("--user", default="admin")
    p.add_argument("--password", default="admin")
    p.add_argument("--http", action="store_true", help="plain HTTP instead of HTTPS")
    p.add_argument("--cert", help="TLS certificate (PEM); default: a self-signed one")
    p.add_argument("--key", help="TLS private key (PEM)")
    p.add_argument("--time-scale", type=float, default=1.0, help="simulated s per real s")
    p.add_argument("--seed", type=int, help="seed of the model's randomness")
    p.add_argument("--ambient", type=float, help="start ambient degC (default: the profile's)")
    p.add_argument("--sockets", type=int, help="CPU sockets per node")
    p.add_argument("--cores", type=int, help="cores per socket")
    p.add_argument("--memory-gib", type=int, help="memory per node (GiB)")
    p.add_argument("--accelerators", type=int, help="accelerators per node")
    p.add_argument("--storage-gb", type=int, help="storage per node (GB, over its drives)")
    p.set_defaults(func=_serve)
    _add_admin(p.add_subparsers(dest="edge_site_command"))
