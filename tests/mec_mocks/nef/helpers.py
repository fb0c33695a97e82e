"""Running the NEF mock in tests: a server on loopback with fast retries, an AF that holds a
token, and a notification receiver."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

from mec_mocks.common.recorder import Recorder
from mec_mocks.common.serving import RunningServer
from mec_mocks.nef import NefConfig, Site
from mec_mocks.nef.paths import TOKEN
from mec_mocks.testing import Servers, wait_for
from perimeter import Policy

CLIENTS = {"af-1": "secret-1", "af-2": "secret-2"}
NOWHERE = "http://127.0.0.1:9"  # a loopback port nothing listens on: notifications fail fast
SITES = [
    Site(zone="zone-a", dnai="dnai-a", lat=48.85, lon=2.35),
    Site(zone="zone-b", dnai="dnai-b", lat=45.76, lon=4.84),
]
TI = "/3gpp-traffic-influence/v1/af-1/subscriptions"
QOS = "/3gpp-as-session-with-qos/v1/af-1/subscriptions"
EAS = "/3gpp-eas-deployment/v1/af-1/eas-deployment-info"
MON = "/3gpp-monitoring-event/v1/af-1/subscriptions"


DEFAULTS: dict[str, Any] = {
    "clients": CLIENTS,
    "sites": SITES,
    "ues": 4,
    "seed": 3,
    "notify_max_delay": 0.2,
    "tick": 0.05,
    "url_policy": Policy.loopback(),
}


def nef_config(**overrides: Any) -> NefConfig:
    return NefConfig(**{**DEFAULTS, **overrides})


async def start_nef(servers: Servers, **overrides: Any) -> RunningServer:
    return await servers.nef(**{**DEFAULTS, **overrides})


async def token(http: httpx.AsyncClient, base: str, client: str = "af-1") -> str:
    resp = await http.post(
        base + TOKEN, data={"grant_type": "client_credentials"}, auth=(client, CLIENTS[client])
    )
    assert resp.status_code == 200, resp.text
    value: str = resp.json()["access_token"]
    return value


@dataclass
class Af:
    """An AF talking to the NEF with a bearer token (requests go to ``base + path``)."""

    http: httpx.AsyncClient
    base: str
    token: str

    async def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        headers = {"Authorization": f"Bearer {self.token}", **kwargs.pop("headers", {})}
        return await self.http.request(method, self.base + path, headers=headers, **kwargs)

    async def post(self, path: str, body: Any) -> httpx.Response:
        return await self.request("POST", path, json=body)

    async def get(self, path: str) -> httpx.Response:
        return await self.request("GET", path)

    async def admin(self, method: str, path: str, body: Any = None) -> Any:
        resp = await self.http.request(method, self.base + path, json=body)
        assert resp.status_code < 300, resp.text
        return resp.json()

    async def move(self, ue: str, **where: Any) -> Any:
        return await self.admin("POST", f"/admin/ues/{ue}/move", where)

    async def ue(self, ue_id: str) -> dict[str, Any]:
        found: dict[str, Any] = await self.admin("GET", f"/admin/ues/{ue_id}")
        return found

    async def other_cell(self, ue_id: str, *, same_dnai: bool) -> str:
        """A cell other than the UE's, in its DNAI or in another one."""
        ue = await self.ue(ue_id)
        cells = await self.admin("GET", "/admin/cells")
        return next(
            c["cellId"]
            for c in cells
            if c["cellId"] != ue["cellId"] and (c["dnai"] == ue["dnai"]) == same_dnai
        )


async def make_af(http: httpx.AsyncClient, base: str, client: str = "af-1") -> Af:
    return Af(http, base, await token(http, base, client))


async def received(rec: Recorder, count: int, path: str | None = None) -> list[Any]:
    """Wait until ``rec`` got ``count`` bodies (at ``path``); return them."""

    async def enough() -> list[Any] | None:
        bodies = rec.bodies(path)
        return bodies if len(bodies) >= count else None

    result: list[Any] = await wait_for(enough, what=f"{count} notifications at {path}")
    return result


async def settled(af: Af) -> None:
    """Wait until the NEF has no notification left to deliver."""

    async def idle() -> bool:
        return bool((await af.admin("GET", "/admin/status"))["pendingNotifications"] == 0)

    await wait_for(idle, what="notifications delivered")
