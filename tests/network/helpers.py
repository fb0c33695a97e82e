"""An OP that is the AF of a NEF mock on loopback; every request the OP sends the NEF is
checked against openapi/nef.yaml."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from mec_mocks.common.serving import RunningServer
from mec_mocks.nef import paths as nef_paths
from mec_mocks.testing import Servers
from tests.helpers.contract import assert_request_conforms
from tests.helpers.servers import RunningOp

AF_ID = "op-test"
AF_SECRET = "op-test-nef-secret"
SITES = [
    {"zone": "zone-1", "dnai": "dnai-madrid", "lat": 40.4168, "lon": -3.7038},
    {"zone": "zone-2", "dnai": "dnai-barcelona", "lat": 41.3874, "lon": 2.1686},
]
ZONES = [
    {
        "zone_id": site["zone"],
        "dnai": site["dnai"],
        "geography_details": name,
        "latitude": site["lat"],
        "longitude": site["lon"],
        "region": region,
    }
    for site, name, region in zip(
        SITES, ("Madrid, ES", "Barcelona, ES"), ("es-central", "es-east"), strict=True
    )
]
FAST_OUTBOX = {
    "poll_interval": 0.1,
    "base_delay": 0.05,
    "max_delay": 0.3,
    "breaker_threshold": 50,
    "breaker_cooldown": 0.2,
}


@dataclass
class NefLab:
    """A NEF mock, an OP steering at it, and the NEF requests the OP sent (all conforming)."""

    nef: RunningServer
    op: RunningOp
    sent: list[str] = field(default_factory=list)

    async def admin(self, http: httpx.AsyncClient, method: str, template: str, **kw: Any) -> Any:
        values = {k: v for k, v in kw.items() if k != "json"}
        url = nef_paths.url(self.nef.url, template, **values)
        response = await http.request(method, url, json=kw.get("json"))
        assert response.status_code < 300, response.text
        return response.json() if response.content else None

    async def resources(self, http: httpx.AsyncClient, api: str) -> list[dict[str, Any]]:
        items = await self.admin(http, "GET", nef_paths.ADMIN_SUBSCRIPTIONS)
        return [item for item in items if item["api"] == api]


def recording_client(sent: list[str]) -> httpx.AsyncClient:
    """The OP's outbound client: each request to the NEF's APIs must conform to nef.yaml (the
    operationIds go to ``sent``)."""

    async def check(request: httpx.Request) -> None:
        if nef_paths.is_api(request.url.path):
            sent.append(assert_request_conforms(request, "nef.yaml"))

    return httpx.AsyncClient(timeout=10.0, event_hooks={"request": [check]})


async def nef_lab(
    servers: Servers,
    start_ops: Callable[..., Awaitable[RunningOp]],
    http: httpx.AsyncClient,
    sent: list[str],
    **overrides: Any,
) -> NefLab:
    """A NEF mock and an OP that calls it with ``http`` (see :func:`recording_client`)."""
    nef = await servers.nef(clients={AF_ID: AF_SECRET}, sites=SITES, ues=6, seed=3)
    settings: dict[str, Any] = {
        "zones": ZONES,
        "nef_url": nef.url,
        "nef": {"client_secret": AF_SECRET, "sync_interval": 0.1},
        "outbox": FAST_OUTBOX,
        "instances": {"poll_interval": 0.1, "deploy_seconds": 0.1, "terminate_seconds": 0.1},
    }
    settings.update(overrides)
    op = await start_ops(AF_ID, http=http, **settings)
    return NefLab(nef, op, sent)
