"""EWBI federation helpers for tests: a callback recorder and CreateFederation in one call."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
from aiohttp import web
from pydantic import SecretStr

from op_platform.models.ewbi import paths
from op_platform.settings import Settings
from tests.helpers.auth import bearer, fetch_token
from tests.helpers.servers import (
    TEST_CLIENT,
    TEST_SCOPES,
    TEST_SECRET,
    Running,
    RunningOp,
    free_port,
    serve,
)


@dataclass
class Received:
    path: str
    authorization: str | None
    body: Any


@dataclass
class Recorder:
    """A loopback server that records every POST it gets and answers ``status``."""

    status: int = 204
    received: list[Received] = field(default_factory=list)
    server: Running | None = None

    @property
    def url(self) -> str:
        assert self.server is not None
        return self.server.url

    def bodies(self, path: str) -> list[Any]:
        return [r.body for r in self.received if r.path == path]

    async def _handle(self, request: web.Request) -> web.Response:
        body = await request.json() if request.can_read_body else None
        self.received.append(Received(request.path, request.headers.get("Authorization"), body))
        return web.Response(status=self.status)

    async def start(self) -> Recorder:
        app = web.Application()
        app.router.add_post("/{tail:.*}", self._handle)
        self.server = await serve(app)
        return self

    async def stop(self) -> None:
        if self.server is not None:
            await self.server.stop()


async def wait_for(check: Callable[[], Any], deadline_s: float = 30.0, what: str = "it") -> Any:
    """Poll ``check`` (sync or async) until it returns something truthy."""
    deadline = time.monotonic() + deadline_s
    while True:
        value = check()
        if asyncio.iscoroutine(value):
            value = await value
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.05)


def federation_body(
    callback_base: str,
    *,
    orig_id: str = "op-orig",
    token_url: str | None = None,
    client_id: str = TEST_CLIENT,
    secret: str = TEST_SECRET,
    link_field: str = "federationNotificationDest",
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "origOPFederationId": orig_id,
        "origOPCountryCode": "FR",
        "origOPMobileNetworkCodes": {"mcc": "208", "mncs": ["01", "10"]},
        "origOPFixedNetworkCodes": ["FR-FIX-1"],
        "initialDate": "2024-01-01T00:00:00Z",
        link_field: callback_base.rstrip("/") + paths.ON_PARTNER_STATUS_EVENT,
    }
    if token_url is not None:
        body["partnerCallbackCredentials"] = {
            "tokenUrl": token_url,
            "clientId": client_id,
            "clientSecret": secret,
        }
    return body


async def headers_for(
    http: httpx.AsyncClient, op_url: str, client_id: str = TEST_CLIENT, secret: str = TEST_SECRET
) -> dict[str, str]:
    return bearer(await fetch_token(http, op_url, client_id, secret))


def ewbi(op_url: str, relative: str) -> str:
    return op_url + paths.EWBI_ROOT + relative


async def create_federation(
    http: httpx.AsyncClient, op_url: str, headers: dict[str, str], body: dict[str, Any]
) -> dict[str, Any]:
    """CreateFederation on the OP at ``op_url``; the answer's JSON (asserting 200)."""
    response = await http.post(ewbi(op_url, paths.partner()), json=body, headers=headers)
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


# -- two OPs, each the other's partner -------------------------------------------------------

FAST_OUTBOX = {
    "poll_interval": 0.1,
    "base_delay": 0.1,
    "max_delay": 0.5,
    "breaker_cooldown": 0.3,
    "max_attempts": 200,
}


def _zone(zone_id: str, place: str, lat: float, lon: float) -> dict[str, Any]:
    return {"zone_id": zone_id, "geography_details": place, "latitude": lat, "longitude": lon}


OPS: dict[str, dict[str, Any]] = {
    "op-a": {
        "country_code": "ES",
        "mobile_network_ids": ["21401"],
        "zones": [_zone("zone-a1", "Madrid, ES", 40.41, -3.70)],
    },
    "op-b": {
        "country_code": "FR",
        "mobile_network_ids": ["20801", "20810"],
        "zones": [
            _zone("zone-b1", "Paris, FR", 48.85, 2.35),
            _zone("zone-b2", "Lyon, FR", 45.76, 4.83),
        ],
    },
}


def _secret(caller: str, at: str) -> str:
    return f"{caller}-secret-at-{at}"


async def start_pair(
    start_ops: Callable[..., Awaitable[RunningOp]], ports: dict[str, int] | None = None
) -> dict[str, RunningOp]:
    """op-a and op-b, each registering the other as a client and configuring it as a partner."""
    ports = ports or {name: free_port() for name in OPS}
    running: dict[str, RunningOp] = {}
    for name, other in (("op-a", "op-b"), ("op-b", "op-a")):
        other_url = f"http://127.0.0.1:{ports[other]}"
        running[name] = await start_ops(
            name,
            port=ports[name],
            **OPS[name],
            outbox=FAST_OUTBOX,
            clients=[
                {"client_id": TEST_CLIENT, "client_secret": TEST_SECRET, "scopes": TEST_SCOPES},
                {"client_id": other, "client_secret": _secret(other, name), "scopes": TEST_SCOPES},
            ],
            partners=[
                {
                    "id": other,
                    "ewbi_base_url": other_url + paths.EWBI_ROOT,
                    "token_url": other_url + paths.OAUTH_TOKEN,
                    "client_id": name,
                    "client_secret": _secret(name, other),
                }
            ],
        )
    return running


def _toml_value(value: Any) -> str:
    if isinstance(value, SecretStr):
        value = value.get_secret_value()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, (set, frozenset)):
        value = sorted(value, key=str)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        items = [f"{k} = {_toml_value(v)}" for k, v in value.items() if v is not None]
        return "{ " + ", ".join(items) + " }"
    return json.dumps(str(value))


def settings_toml(settings: Settings) -> str:
    """The settings as a TOML file (secrets in clear), for CLI tests."""
    data = settings.model_dump()
    return "".join(f"{k} = {_toml_value(v)}\n" for k, v in data.items() if v is not None)
