"""Admin commands for clients and signing keys: ``op-platform clients ...`` and ``keys ...``.

Each parses, loads settings, calls ``SecurityService`` and prints. A generated client secret is
printed once and never stored in clear; a given secret is read from an environment variable
or stdin, never from the command line (where `ps` would show it).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from op_platform.db.engine import Database
from op_platform.security.clients import KINDS
from op_platform.security.service import SecurityService
from op_platform.settings import Settings

T = TypeVar("T")


def _given_secret(args: argparse.Namespace) -> str | None:
    """The secret from an environment variable or stdin (never the command line, where ``ps``
    shows it); None: one is generated."""
    if args.secret_env:
        value = os.environ.get(args.secret_env)
        if not value:
            raise SystemExit(f"clients add: the variable {args.secret_env} is empty or unset")
        return value
    if args.secret_stdin:
        value = sys.stdin.readline().strip()
        if not value:
            raise SystemExit("clients add: no secret on stdin")
        return value
    return None


SettingsLoader = Callable[[argparse.Namespace], Settings]


def _run(args: argparse.Namespace, work: Callable[[SecurityService], Awaitable[T]]) -> T:
    settings: Settings = args.load_settings(args)

    async def run() -> T:
        database = Database(settings.database_url)
        try:
            await database.upgrade()
            return await work(SecurityService.from_settings(database, settings))
        finally:
            await database.close()

    return asyncio.run(run())


def _clients_add(args: argparse.Namespace) -> int:
    scopes = args.scope or ["fed-mgmt"]
    given = _given_secret(args)
    secret = _run(args, lambda s: s.add_client(args.client_id, given, scopes, args.kind))
    print(f"client {args.client_id} registered ({args.kind}; scopes: {' '.join(scopes)})")
    if given is None:
        print(f"client_secret: {secret}")
        print("store it now: it is not kept in clear and cannot be shown again")
    return 0


def _clients_list(args: argparse.Namespace) -> int:
    for client in _run(args, lambda s: s.list_clients()):
        scopes = " ".join(sorted(client.scopes))
        print(f"{client.client_id}\t{client.kind}\t{client.source}\t{scopes}")
    return 0


def _clients_remove(args: argparse.Namespace) -> int:
    _run(args, lambda s: s.remove_client(args.client_id))
    print(f"client {args.client_id} removed")
    return 0


def _keys_rotate(args: argparse.Namespace) -> int:
    kid = _run(args, lambda s: s.rotate())
    print(f"new signing key {kid}; older keys stay valid until their tokens have expired")
    return 0


def _keys_list(args: argparse.Namespace) -> int:
    for key in _run(args, lambda s: s.list_keys()):
        state = "signing" if key.signing else f"retires {key.retire_after:%Y-%m-%dT%H:%M:%SZ}"
        stored = "encrypted" if key.encrypted else "plain"
        print(f"{key.kid}\t{key.algorithm}\t{key.created_at:%Y-%m-%dT%H:%M:%SZ}\t{state}\t{stored}")
    return 0


def _command(
    group: Any,
    name: str,
    help_text: str,
    func: Callable[[argparse.Namespace], int],
    load: SettingsLoader,
) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = group.add_parser(name, help=help_text)
    parser.add_argument("--config", "-c", help="TOML settings file")
    parser.set_defaults(func=func, load_settings=load)
    return parser


def register(commands: Any, load: SettingsLoader) -> None:
    """Add the ``clients`` and ``keys`` command groups to the top-level subparsers."""
    clients = commands.add_parser("clients", help="API clients allowed to get tokens")
    group = clients.add_subparsers(dest="clients_command", required=True)
    add = _command(
        group, "add", "register a client (prints a generated secret once)", _clients_add, load
    )
    add.add_argument("--client-id", required=True)
    source = add.add_mutually_exclusive_group()
    source.add_argument(
        "--secret-env", metavar="VAR", help="read the client's secret from this variable"
    )
    source.add_argument(
        "--secret-stdin", action="store_true", help="read the client's secret from stdin"
    )
    add.add_argument("--scope", action="append", help="a scope (repeat); default fed-mgmt")
    add.add_argument("--kind", choices=KINDS, default="partner")
    _command(group, "list", "list registered clients", _clients_list, load)
    remove = _command(group, "remove", "remove a client", _clients_remove, load)
    remove.add_argument("--client-id", required=True)

    keys = commands.add_parser("keys", help="token signing keys")
    group = keys.add_subparsers(dest="keys_command", required=True)
    _command(
        group,
        "rotate",
        "make a new signing key; older ones retire after expiry",
        _keys_rotate,
        load,
    )
    _command(group, "list", "list signing keys", _keys_list, load)
