"""``benchmarks/run``: measure every target of issue 10 against its floor and print one table."""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Awaitable, Callable
from pathlib import Path

from benchmarks import delivery, flows, reads, size
from benchmarks.bench import Bench
from benchmarks.procs import Processes
from benchmarks.table import Result, render

Row = Callable[[Bench], Awaitable[list[Result]]]
ROWS: dict[str, Row] = {
    "reads": reads.run,
    "flow": flows.run_single,
    "flows": flows.run_many,
    "outbox": delivery.run,
    "size": size.run,
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="benchmarks/run", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small counts and short measures")
    parser.add_argument(
        "--only", action="append", choices=sorted(ROWS), help="run this row only (repeatable)"
    )
    parser.add_argument(
        "--database",
        choices=["sqlite", "postgresql", "both"],
        default="sqlite",
        help="the OPs' database (default sqlite)",
    )
    parser.add_argument(
        "--no-install", action="store_true", help="never install Prism (skip it if not cached)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder and logs")
    return parser


def machine() -> str:
    cpus = _cpu_model()
    return f"{platform.system()} {platform.release()}, {cpus}, Python {platform.python_version()}"


def _cpu_model() -> str:
    try:
        info = Path("/proc/cpuinfo").read_text()
        model = next(
            line.split(":", 1)[1].strip()
            for line in info.splitlines()
            if line.startswith("model name")
        )
    except (OSError, StopIteration):
        model = platform.processor() or "unknown CPU"
    return f"{os.cpu_count()} x {model}"


def _load() -> str:
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


async def main(args: argparse.Namespace) -> int:
    databases = ["sqlite", "postgresql"] if args.database == "both" else [args.database]
    folder = Path(tempfile.mkdtemp(prefix="op-bench-"))
    bench = Bench(args.quick, databases, folder, Processes(folder), install=not args.no_install)
    results: list[Result] = []
    failed = False
    started = time.monotonic()
    print(f"machine: {machine()}; load average {_load()}", flush=True)
    print(f"scratch: {folder}", flush=True)
    try:
        for name in args.only or list(ROWS):
            print(f"running {name} ...", flush=True)
            began = time.monotonic()
            try:
                results += await ROWS[name](bench)
                print(f"  {name}: {time.monotonic() - began:.0f} s", flush=True)
            except Exception:
                failed = True
                traceback.print_exc()
                results.append(Result(name, "-", "-", "-", False, "crashed: see the trace above"))
    finally:
        await bench.floors.stop()
    print(f"\n{render(results)}\n")
    print(f"load average at the end: {_load()}")
    print(
        f"{sum(r.holds is True for r in results)} hold, {sum(r.holds is False for r in results)}"
        f" do not, {sum(r.holds is None for r in results)} skipped "
        f"({time.monotonic() - started:.0f} s)"
    )
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main(build_parser().parse_args())))
