"""``op-platform demo``: the whole federation on loopback, both onboarding flows, one command."""

from __future__ import annotations

import argparse
import asyncio
import logging
from pathlib import Path
from typing import Any

from op_platform.logs import configure_logging


def run(args: argparse.Namespace) -> int:
    from op_platform.demo.run import run_demo

    configure_logging("ERROR")
    logging.getLogger("op_platform.access").setLevel(logging.ERROR)
    return asyncio.run(
        run_demo(
            args.operators,
            as_json=args.json,
            keep_running=args.keep_running,
            folder=Path(args.data) if args.data else None,
        )
    )


def add_parser(commands: Any) -> None:
    demo = commands.add_parser(
        "demo", help="run a federation of operators on loopback and onboard across it"
    )
    demo.add_argument(
        "--operators",
        type=int,
        default=2,
        choices=range(2, 7),
        metavar="N",
        help="how many operators (2-6, default 2)",
    )
    demo.add_argument("--json", action="store_true", help="print the result as JSON")
    demo.add_argument(
        "--keep-running",
        action="store_true",
        help="leave the federation up and print the URLs to explore it",
    )
    demo.add_argument("--data", metavar="DIR", help="folder for the databases (default: temporary)")
    demo.set_defaults(func=run)
