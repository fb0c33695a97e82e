"""``mec-mocks nef admin ...``: drive a running NEF mock through its admin API."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

import httpx

from mec_mocks.nef import paths

DEFAULT_URL = "http://127.0.0.1:9003"
UE_COLUMNS = ("ueId", "ipv4Addr", "gpsi", "cellId", "dnai", "zoneId")
RESOURCE_COLUMNS = ("api", "owner", "id")


class AdminError(Exception):
    pass


def request(
    base: str, method: str, template: str, body: dict[str, Any] | None = None, **values: str
) -> Any:
    try:
        with httpx.Client(timeout=10.0) as http:
            resp = http.request(method, paths.url(base, template, **values), json=body)
    except httpx.HTTPError as exc:
        raise AdminError(f"{base} is unreachable: {exc}") from None
    data = resp.json() if resp.content else None
    if resp.status_code >= 400:
        detail = data.get("detail") if isinstance(data, dict) else resp.text
        raise AdminError(f"HTTP {resp.status_code}: {detail}")
    return data


def _table(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> str:
    cells = [[str(r.get(c) if r.get(c) is not None else "-") for c in columns] for r in rows]
    widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(columns)]
    lines = [columns, *cells]
    return "\n".join(
        "  ".join(v.ljust(w) for v, w in zip(line, widths, strict=True)) for line in lines
    )


def _target(args: argparse.Namespace) -> dict[str, Any]:
    if args.subscription:
        return {"subscriptionId": args.subscription}
    return {"ueId": args.ue}


Action = Callable[[argparse.Namespace], tuple[Any, tuple[str, ...] | None]]

ACTIONS: dict[str, Action] = {
    "ues": lambda a: (request(a.nef, "GET", paths.ADMIN_UES), UE_COLUMNS),
    "cells": lambda a: (
        request(a.nef, "GET", paths.ADMIN_CELLS),
        ("cellId", "dnai", "zoneId", "lat", "lon"),
    ),
    "sites": lambda a: (request(a.nef, "GET", paths.ADMIN_SITES), ("zoneId", "dnai", "lat", "lon")),
    "subscriptions": lambda a: (request(a.nef, "GET", paths.ADMIN_SUBSCRIPTIONS), RESOURCE_COLUMNS),
    "notifications": lambda a: (
        request(a.nef, "GET", paths.ADMIN_NOTIFICATIONS),
        ("subscription", "kind", "status", "attempts", "url"),
    ),
    "status": lambda a: (request(a.nef, "GET", paths.ADMIN_STATUS), None),
    "move-ue": lambda a: (
        request(
            a.nef,
            "POST",
            paths.ADMIN_UE_MOVE,
            {"cellId": a.cell, "dnai": a.dnai, "detached": a.out_of_coverage},
            ueId=a.ue,
        ),
        None,
    ),
    "drop-qos": lambda a: (request(a.nef, "POST", paths.ADMIN_QOS_DROP, _target(a)), None),
    "restore-qos": lambda a: (request(a.nef, "POST", paths.ADMIN_QOS_RESTORE, _target(a)), None),
    "release-qos": lambda a: (request(a.nef, "POST", paths.ADMIN_QOS_RELEASE, _target(a)), None),
    "down": lambda a: (
        request(a.nef, "POST", paths.ADMIN_DOWN, {"seconds": a.seconds} if a.seconds else {}),
        None,
    ),
    "up": lambda a: (request(a.nef, "POST", paths.ADMIN_UP), None),
}


def run(args: argparse.Namespace) -> int:
    try:
        data, columns = ACTIONS[args.admin_command](args)
    except AdminError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if columns is None or args.json:
        print(json.dumps(data, indent=2))
    else:
        print(_table(data, columns))
    return 0


def add_admin_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("admin", help="drive a running NEF mock (move UEs, drop QoS, go down)")
    cmds = p.add_subparsers(dest="admin_command", required=True)

    def command(name: str, text: str) -> argparse.ArgumentParser:
        c = cmds.add_parser(name, help=text, description=text)
        c.add_argument("--nef", default=DEFAULT_URL, help=f"NEF base URL (default {DEFAULT_URL})")
        c.add_argument("--json", action="store_true", help="print the JSON answer")
        c.set_defaults(func=run)
        return c

    command("ues", "list the UEs with their addresses, GPSI, cell and DNAI")
    command("cells", "list the cells with their DNAI, zone and coordinates")
    command("sites", "list the edge sites: zone, DNAI, coordinates, cells")
    command("subscriptions", "list every resource of every AF (all four APIs)")
    command("notifications", "list the last notifications and their delivery state")
    command("status", "say whether the NEF is down")
    m = command("move-ue", "move a UE to a cell, to a DNAI's first cell, or out of coverage")
    m.add_argument("--ue", required=True, help="UE id, e.g. ue-1 (see `admin ues`)")
    where = m.add_mutually_exclusive_group(required=True)
    where.add_argument("--cell", help="target cell id (see `admin cells`)")
    where.add_argument("--dnai", help="target DNAI: the UE goes to its first cell")
    where.add_argument("--out-of-coverage", action="store_true", help="detach the UE")
    for name, text in (
        ("drop-qos", "drop the QoS flow of AS sessions: QOS_NOT_GUARANTEED"),
        ("restore-qos", "restore a dropped QoS flow: QOS_GUARANTEED"),
        ("release-qos", "release AS sessions: SESSION_TERMINATION, resource removed"),
    ):
        q = command(name, text)
        which = q.add_mutually_exclusive_group(required=True)
        which.add_argument("--subscription", help="the AS session subscription id")
        which.add_argument("--ue", help="every AS session of this UE")
    d = command("down", "make every NEF API answer 503 with Retry-After")
    d.add_argument("--seconds", type=float, help="come back up after S seconds (default: never)")
    command("up", "end a down period")
