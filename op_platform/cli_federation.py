"""``op-platform federation create|list|show|delete``: federations with partners, from the CLI.

The commands act directly on the OP's database (the one in ``--config``) and call the partner
with the configured credentials, through the same service the admin API uses; the OP does not
have to be running to create a federation, but it must be for the partner's callbacks to land
(the partner's outbox retries them until it is).
"""

from __future__ import annotations

import argparse
import asyncio
import json
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from op_platform.clients.outbound_tokens import TokenProviders
from op_platform.clients.peer_clients import PeerClients
from op_platform.db.engine import Database
from op_platform.services.deps import Deps
from op_platform.services.federation import partners
from op_platform.settings import Settings

T = TypeVar("T")
SettingsLoader = Callable[[argparse.Namespace], Settings]


def _run(args: argparse.Namespace, work: Callable[[Deps], Awaitable[T]]) -> T:
    settings: Settings = args.load_settings(args)

    async def run() -> T:
        database = Database(settings.database_url)
        peers = PeerClients(settings)
        tokens = TokenProviders(peers.default, peers.for_url)
        try:
            await database.upgrade()
            return await work(Deps(database, settings, peers.default, tokens, peers.for_url))
        finally:
            await peers.aclose()
            await database.close()

    return asyncio.run(run())


def _print(data: Any) -> None:
    print(json.dumps(data, indent=2, sort_keys=True, default=str))


def _create(args: argparse.Namespace) -> int:
    async def work(deps: Deps) -> dict[str, Any]:
        row = await partners.create_federation(deps, args.partner)
        if not args.no_zones:
            row = await partners.subscribe_all(deps, row.id)
        return row.model_dump(mode="json")

    _print(_run(args, work))
    return 0


def _list(args: argparse.Namespace) -> int:
    async def work(deps: Deps) -> list[dict[str, Any]]:
        async with deps.database.transaction() as session:
            rows = await partners.list_federations(session, args.partner)
        return [row.model_dump(mode="json") for row in rows]

    rows = _run(args, work)
    if args.json:
        _print(rows)
        return 0
    print(f"{'ID':36}  {'PARTNER':16}  {'STATUS':12}  {'ZONES':5}  FEDERATION CONTEXT")
    for row in rows:
        print(
            f"{row['id']:36}  {row['partner_id']:16}  {row['status']:12}  "
            f"{len(row['offered_zones']):5}  {row['federation_context_id']}"
        )
    return 0


def _show(args: argparse.Namespace) -> int:
    async def work(deps: Deps) -> dict[str, Any]:
        async with deps.database.transaction() as session:
            return await partners.show(session, args.ref)

    _print(_run(args, work))
    return 0


def _delete(args: argparse.Namespace) -> int:
    _run(args, lambda deps: partners.delete_federation(deps, args.ref))
    print(f"federation {args.ref} deleted")
    return 0


def register(commands: Any, load_settings: SettingsLoader) -> None:
    """Add ``federation`` and its subcommands to the top-level parser."""
    federation = commands.add_parser("federation", help="federations with partner OPs")
    sub = federation.add_subparsers(dest="federation_command", required=True)

    def command(name: str, help_text: str, func: Callable[[argparse.Namespace], int]) -> Any:
        parser = sub.add_parser(name, help=help_text)
        parser.add_argument("--config", "-c", help="TOML settings file")
        parser.set_defaults(func=func, load_settings=load_settings)
        return parser

    create = command("create", "create a federation with a configured partner", _create)
    create.add_argument("--partner", required=True, help="partner id (settings.partners)")
    create.add_argument(
        "--no-zones", action="store_true", help="do not subscribe to the offered zones"
    )
    listing = command("list", "list federations with partners", _list)
    listing.add_argument("--partner", help="only this partner's")
    listing.add_argument("--json", action="store_true", help="print JSON")
    show = command("show", "show one federation and what the partner reported", _show)
    show.add_argument("ref", metavar="ID", help="record id, federationContextId or partner id")
    delete = command("delete", "end a federation (at the partner too)", _delete)
    delete.add_argument("ref", metavar="ID", help="record id, federationContextId or partner id")
