"""Parsed command-line options handed to a config: where an option and the config field it
fills share a name, the command names it once instead of writing ``field=args.field``."""

from __future__ import annotations

import argparse
from typing import Any


def options(args: argparse.Namespace, *names: str) -> dict[str, Any]:
    """The values of the options ``names`` (argparse destinations), keyed by name."""
    return {name: getattr(args, name) for name in names}
