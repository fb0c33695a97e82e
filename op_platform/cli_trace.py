"""``op-platform trace``: fetch a flow's operations from the OPs it crossed and print them."""

from __future__ import annotations

import argparse
import asyncio
import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx

from op_platform.clients.call import PeerError, call
from op_platform.errors import NotFound
from op_platform.services.flow.trace import joined_hops, mermaid, table


async def collect(
    operation_id: str, urls: list[str], admin_token: str | None = None
) -> list[dict[str, Any]]:
    """The operation from the first OP that has it, plus every operation with its correlator."""
    headers = {"Authorization": f"Bearer {admin_token}"} if admin_token else {}
    async with httpx.AsyncClient(timeout=10.0, headers=headers) as http:
        first: dict[str, Any] | None = None
        for url in urls:
            try:
                response = await call(
                    http, "GET", f"{url.rstrip('/')}/admin/operations/{operation_id}"
                )
            except PeerError as exc:
                if exc.peer_status == 404:
                    continue
                raise
            first = response.json()
            break
        if first is None:
            raise NotFound(f"operation {operation_id} is not known at {', '.join(urls)}")
        found = {first["operationId"]: first}
        correlator = quote(str(first.get("correlator") or ""), safe="")
        for url in urls if correlator else []:
            response = await call(
                http, "GET", f"{url.rstrip('/')}/admin/operations?correlator={correlator}"
            )
            found.update({op["operationId"]: op for op in response.json()})
    return list(found.values())


def run(args: argparse.Namespace) -> int:
    operations = asyncio.run(collect(args.operation_id, args.url, args.admin_token))
    hops = joined_hops(operations)
    if args.json:
        print(json.dumps({"operations": operations, "hops": hops}, indent=2))
    else:
        for operation in operations:
            print(
                f"{operation['role']:8} {operation['operationId']}  {operation['state']}"
                f"  target={operation['targetNetworkId']}  {operation.get('detail') or ''}"
            )
        print()
        print(table(hops))
    if args.mermaid:
        Path(args.mermaid).write_text(mermaid(hops), encoding="utf-8")
        print(f"\nsequence diagram written to {args.mermaid}")
    return 0


def add_parser(commands: Any) -> None:
    trace = commands.add_parser("trace", help="print the joined hops of an onboarding flow")
    trace.add_argument("operation_id")
    trace.add_argument(
        "--url", action="append", required=True, help="an OP's base URL (repeat for each OP)"
    )
    trace.add_argument("--admin-token", help="bearer token of the OPs' admin API")
    trace.add_argument("--mermaid", metavar="FILE", help="also write a Mermaid sequence diagram")
    trace.add_argument("--json", action="store_true", help="print machine-readable output")
    trace.set_defaults(func=run)
