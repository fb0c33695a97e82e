"""Command line: parse, load settings, run. No logic lives here.

``serve`` and ``db`` (the commands a deployment runs) parse without loading the other commands'
modules (conformance kit, demo, certificates, trace...): a serving process holds only what it
serves with.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence
from typing import Any

from op_platform.errors import OpError
from op_platform.logs import configure_logging
from op_platform.settings import ConfigError, Settings, load_settings


def _settings(args: argparse.Namespace) -> Settings:
    return load_settings(args.config)


def _serve(args: argparse.Namespace) -> int:
    from op_platform.allocator import tune_malloc
    from op_platform.app import create_app
    from op_platform.listeners import start_sites
    from op_platform.server import run_app

    settings = _settings(args)
    configure_logging(settings.log_level)
    if settings.malloc_tuning:
        tune_malloc()  # before any thread starts
    app = create_app(settings)
    asyncio.run(
        run_app(
            app,
            settings.listen.host,
            settings.listen.port,
            shutdown_timeout=settings.shutdown_timeout,
            start=lambda runner: start_sites(runner, settings),
        )
    )
    return 0


def _db_upgrade(args: argparse.Namespace) -> int:
    from op_platform.db.engine import Database

    settings = _settings(args)
    configure_logging(settings.log_level)

    async def upgrade() -> None:
        database = Database(settings.database_url)
        try:
            await database.upgrade()
        finally:
            await database.close()

    asyncio.run(upgrade())
    print(f"database at {settings.database_url} is up to date")
    return 0


CORE_COMMANDS = ("serve", "db")


def build_parser(*, core_only: bool = False) -> argparse.ArgumentParser:
    """Every command; ``core_only``: only ``serve`` and ``db``."""
    parser = argparse.ArgumentParser(
        prog="op-platform", description="GSMA Operator Platform federation reference server"
    )
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="run one Operator Platform")
    serve.add_argument("--config", "-c", help="TOML settings file (OP_* variables override it)")
    serve.set_defaults(func=_serve)

    db = commands.add_parser("db", help="database maintenance")
    db_commands = db.add_subparsers(dest="db_command", required=True)
    upgrade = db_commands.add_parser("upgrade", help="apply every pending migration")
    upgrade.add_argument("--config", "-c", help="TOML settings file")
    upgrade.set_defaults(func=_db_upgrade)
    if not core_only:
        _add_tools(commands)
    return parser


def _add_tools(commands: Any) -> None:
    from op_platform import cli_certs, cli_conformance, cli_demo, cli_federation, cli_trace
    from op_platform import cli_security as security_cli

    security_cli.register(commands, _settings)
    cli_trace.add_parser(commands)
    cli_demo.add_parser(commands)
    cli_federation.register(commands, _settings)
    cli_certs.add_parser(commands)
    cli_conformance.register(commands)


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    args = build_parser(core_only=bool(words) and words[0] in CORE_COMMANDS).parse_args(words)
    try:
        result: int = args.func(args)
    except ConfigError as exc:
        print(f"op-platform: {exc}", file=sys.stderr)
        return 2
    except OpError as exc:
        reasons = "".join(f"; {field}: {reason}" for field, reason in exc.params)
        print(f"op-platform: {exc.detail}{reasons}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return result


if __name__ == "__main__":
    sys.exit(main())
