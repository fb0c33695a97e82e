"""Running ``conformance serve`` until SIGINT/SIGTERM, then writing the reports."""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
from pathlib import Path

import httpx
from aiohttp import web

from op_platform.conformance import reports
from op_platform.conformance.partner.app import Partner, create_partner_app
from op_platform.conformance.report_text import summary


async def _serve(args: argparse.Namespace, secret: str) -> int:
    host, port = args.listen
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    async with httpx.AsyncClient(timeout=30.0) as http:
        partner = Partner(args.client_id, secret, args.operator_id, args.profile, "", http)
        runner = web.AppRunner(create_partner_app(partner), access_log=None)
        await runner.setup()
        await web.TCPSite(runner, host, port).start()
        bound = runner.addresses[0][1] if runner.addresses else port
        partner.base_url = args.public_url or f"http://{host}:{bound}"
        print(f"conformance partner at {partner.base_url} (report: {partner.base_url}/report)",
              flush=True)  # fmt: skip
        try:
            await stop.wait()
        finally:
            await partner.notifier.drain()
            await runner.cleanup()
    report = partner.recorder.report()
    if args.report_dir:
        folder = Path(args.report_dir)
        reports.write(report, junit_path=folder / "report.xml", json_path=folder / "report.json",
                      html_path=folder / "report.html")  # fmt: skip
    print(summary(report))
    return 1 if report.failed else 0


def serve(args: argparse.Namespace, secret: str) -> int:
    try:
        return asyncio.run(_serve(args, secret))
    except KeyboardInterrupt:  # pragma: no cover - the signal handler normally sees it first
        print("interrupted", file=sys.stderr)
        return 130
