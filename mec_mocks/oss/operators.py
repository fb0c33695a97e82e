"""The operators an OSS drives in a federation lab: each one's OP and MEO, readiness, federations.

An operator is given on the command line as ``ID,NETWORK_ID,OP_URL,MEO_URL`` with an optional
trailing ``,optional``: an optional operator takes part only when its OP's host name resolves
(in compose, when its profile is active). Federations are created through each OP's admin API
(``POST /admin/federations``, bearer ``admin_token``); one that exists answers 409, which is fine.
"""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx

Say = Callable[[str], None]


class LabError(Exception):
    """The federation did not come up: bad operator spec, or not ready before the deadline."""


@dataclass(frozen=True)
class Operator:
    id: str
    network_id: str
    op_url: str
    meo_url: str
    optional: bool = False

    @property
    def meo_name(self) -> str:
        return f"meo-{self.id}"


def parse_operator(text: str) -> Operator:
    """``ID,NETWORK_ID,OP_URL,MEO_URL[,optional]``."""
    parts = [part.strip() for part in text.split(",")]
    optional = len(parts) == 5 and parts[4] == "optional"
    if len(parts) != (5 if optional else 4) or not all(parts[:4]):
        raise LabError(f"operator {text!r}: expected ID,NETWORK_ID,OP_URL,MEO_URL[,optional]")
    for url in parts[2:4]:
        if urlsplit(url).scheme not in ("http", "https"):
            raise LabError(f"operator {text!r}: {url!r} is not an http(s) URL")
    return Operator(parts[0], parts[1], parts[2].rstrip("/"), parts[3].rstrip("/"), optional)


def _resolves(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    try:
        socket.getaddrinfo(host, None)
    except OSError:
        return False
    return True


async def _answers(http: httpx.AsyncClient, url: str) -> bool:
    try:
        return (await http.get(url, timeout=3.0)).status_code == 200
    except httpx.HTTPError:
        return False


async def wait_ready(
    http: httpx.AsyncClient, operators: list[Operator], within: float, say: Say
) -> list[Operator]:
    """The operators taking part, once each OP is ready (``/readyz``) and the first operator's
    MEO answers (``/healthz``: the OSS onboards there). Raises :class:`LabError` on timeout."""
    present = [op for op in operators if not op.optional or _resolves(op.op_url)]
    for op in operators:
        if op not in present:
            say(f"{op.id}: not running ({urlsplit(op.op_url).hostname} does not resolve), left out")
    checks = [(op.id, op.op_url + "/readyz") for op in present]
    if present:
        checks.append((present[0].meo_name, present[0].meo_url + "/healthz"))
    deadline = time.monotonic() + within
    for name, url in checks:
        while not await _answers(http, url):
            if time.monotonic() > deadline:
                raise LabError(f"{name} is not ready at {url} after {within:g}s")
            await asyncio.sleep(1.0)
        say(f"{name}: ready ({url})")
    return present


async def federate(
    http: httpx.AsyncClient, operators: list[Operator], admin_token: str | None, say: Say
) -> dict[tuple[str, str], bool]:
    """Federate every ordered pair (origin, partner); True where a federation exists after."""
    headers = {"Authorization": f"Bearer {admin_token}"} if admin_token else {}
    done: dict[tuple[str, str], bool] = {}
    for origin in operators:
        for partner in operators:
            if partner is origin:
                continue
            done[(origin.id, partner.id)] = await _federate_one(http, origin, partner, headers, say)
    return done


async def _federate_one(
    http: httpx.AsyncClient,
    origin: Operator,
    partner: Operator,
    headers: dict[str, str],
    say: Say,
) -> bool:
    label = f"{origin.id} -> {partner.id}"
    try:
        response = await http.post(
            origin.op_url + "/admin/federations",
            json={"partnerId": partner.id, "subscribeZones": True},
            headers=headers,
            timeout=30.0,
        )
    except httpx.HTTPError as exc:
        say(f"{label}: federation FAILED ({type(exc).__name__}: {exc})")
        return False
    if response.status_code == 201:
        row: dict[str, Any] = response.json()
        say(
            f"{label}: federated, context {row.get('federation_context_id')}, "
            f"{len(row.get('offered_zones') or [])} zones offered"
        )
        return True
    if response.status_code == 409:
        say(f"{label}: already federated")
        return True
    say(f"{label}: federation FAILED (HTTP {response.status_code}: {_problem(response)})")
    return False


def _problem(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.text[:200]
    if isinstance(body, dict):
        return str(body.get("detail") or body.get("title") or body)
    return str(body)
