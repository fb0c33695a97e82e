"""An OP whose zone-1 runs on an edge site mock (HTTPS, simulated time moved by the test), a
partner's receivers, and the steps the scenarios share."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx
from sqlmodel import select

from mec_mocks.common.recorder import Recorder
from mec_mocks.common.serving import RunningServer
from mec_mocks.testing import Servers
from op_platform.clients.redfish import tls_context
from op_platform.db.tables.instance_rows import AppInstanceRow
from op_platform.db.tables.nbi_rows import NbiInstanceRow
from op_platform.db.tables.zone_rows import EdgeNodeRow, ZoneRow
from op_platform.db.zone_repository import EdgeNodeRepository
from op_platform.keys import PLATFORM
from op_platform.models.ewbi import paths
from op_platform.services.edge.watcher import SiteWatcher
from op_platform.services.identifiers import zone_uuid
from tests.helpers.federation import create_federation, ewbi, federation_body, headers_for, wait_for
from tests.helpers.instances import Setup, install_body, onboard
from tests.helpers.servers import RunningOp
from tests.nbi.helpers import headers as nbi_headers
from tests.nbi.helpers import manifest, nbi

AUTH = ("admin", "admin")
OpFactory = Callable[..., Awaitable[RunningOp]]
FAST = {
    "outbox": {"poll_interval": 0.1, "base_delay": 0.1, "max_delay": 0.5},
    "instances": {"poll_interval": 0.1, "deploy_seconds": 0.1, "terminate_seconds": 0.1},
}


@dataclass
class EdgeLab:
    op: RunningOp
    site: RunningServer
    admin: httpx.AsyncClient
    partner: Recorder
    partner_url: str

    @property
    def watcher(self) -> SiteWatcher:
        return self.op.app[PLATFORM].edge.get("zone-1")

    async def fault(self, path: str, body: Any = None) -> dict[str, Any]:
        """POST to the site's admin API (fault injection, simulated time)."""
        response = await self.admin.post(f"/admin{path}", json=body)
        assert response.status_code == 200, response.text
        answer: dict[str, Any] = response.json()
        return answer

    async def step(self, seconds: float) -> None:
        """Move the site's time on, then wait until the OP has read the whole site again (two
        polls: the first may have begun before the time moved)."""
        await self.fault("/advance", {"seconds": seconds})
        polls = self.watcher.status.polls
        await wait_for(lambda: self.watcher.status.polls > polls + 1, what="a poll of the site")

    async def zone(self) -> ZoneRow:
        async with self.op.app[PLATFORM].database.transaction() as session:
            row = await session.get(ZoneRow, "zone-1")
        assert row is not None
        return row

    async def nodes(self) -> dict[str, EdgeNodeRow]:
        async with self.op.app[PLATFORM].database.transaction() as session:
            rows = await EdgeNodeRepository(session).of_zone("zone-1")
        return {row.node_id: row for row in rows}

    async def node_sizes(self) -> tuple[int, int, int]:
        """What the gateway says every node offers: (cores, memory MB, storage GB) summed."""
        cores = memory = storage = 0
        listing = (await self.admin.get("/redfish/v1/Systems")).json()["Members"]
        for member in listing:
            system = (await self.admin.get(member["@odata.id"])).json()
            cores += system["ProcessorSummary"]["CoreCount"]
            memory += int(system["MemorySummary"]["TotalSystemMemoryGiB"] * 1024)
            drives = 0
            storage_list = (await self.admin.get(system["Storage"]["@odata.id"])).json()
            for item in storage_list["Members"]:
                for drive in (await self.admin.get(item["@odata.id"])).json()["Drives"]:
                    drives += (await self.admin.get(drive["@odata.id"])).json()["CapacityBytes"]
            storage += int(drives / 1e9)
        return cores, memory, storage

    async def instance(self, name: str) -> AppInstanceRow:
        async with self.op.app[PLATFORM].database.transaction() as session:
            query = select(AppInstanceRow).where(AppInstanceRow.app_instance_id == name)
            return (await session.exec(query)).one()

    async def provider_instance(self, instance_id: str) -> NbiInstanceRow:
        async with self.op.app[PLATFORM].database.transaction() as session:
            return await session.get_one(NbiInstanceRow, instance_id)


async def start_lab(
    servers: Servers,
    start_ops: OpFactory,
    *,
    nodes: int = 3,
    profile: str = "outdoor",
    poll_interval: float = 0.05,
    time_scale: float = 0.0,
    **overrides: Any,
) -> EdgeLab:
    """The lab; with ``time_scale`` 0 the site's time moves only by :meth:`EdgeLab.step`, else
    it runs that many times faster than real time."""
    site = await servers.edge_site(tls=True, profile=profile, nodes=nodes, time_scale=time_scale)
    cafile = servers.tmp_path / "edge-tls" / "cert.pem"
    zone = {
        "zone_id": "zone-1",
        "geography_details": "Street cabinet, Madrid, ES",
        "latitude": 40.4168,
        "longitude": -3.7038,
        "region": "es-central",
        "edge_site": {
            "url": site.url,
            "password": "admin",
            "ca_file": str(cafile),
            "poll_interval": poll_interval,
        },
    }
    settings = {
        "zones": [zone],
        "nbi": {"allow_http_sinks": True},
        "edge": {"prediction_horizon": 600, "trend_samples": 4},
        **FAST,
        **overrides,
    }
    op = await start_ops(**settings)
    admin = httpx.AsyncClient(base_url=site.url, auth=AUTH, verify=tls_context(str(cafile)))
    partner, receiver = await servers.recorder()
    return EdgeLab(op, site, admin, partner, receiver.url)


async def partner_federation(http: httpx.AsyncClient, lab: EdgeLab) -> Setup:
    """A partner federated with the lab's OP: its notifications go to ``lab.partner``; it
    subscribed zone-1 and onboarded the app there."""
    op = lab.op
    headers = await headers_for(http, op.url)
    answer = await create_federation(http, op.url, headers, federation_body(lab.partner_url))
    ctx = str(answer["federationContextId"])
    body = {"acceptedAvailabilityZones": ["zone-1"], "availZoneNotifLink": lab.partner_url + "/z"}
    response = await http.post(ewbi(op.url, paths.zones(ctx)), json=body, headers=headers)
    assert response.status_code == 200, response.text
    await onboard(http, op, headers, ctx, zones=("zone-1",))
    return Setup(op, headers, ctx)


async def install(http: httpx.AsyncClient, lab: EdgeLab, s: Setup, name: str) -> AppInstanceRow:
    """InstallApp of ``name`` on zone-1; its row once READY."""
    body = {**install_body(lab.partner_url + "/inst"), "appInstanceId": name}
    response = await http.post(s.url(paths.lcm(s.ctx)), json=body, headers=s.headers)
    assert response.status_code == 202, response.text

    async def ready() -> AppInstanceRow | None:
        row = await lab.instance(name)
        return row if row.state == "READY" else None

    found: AppInstanceRow = await wait_for(ready, what=f"{name} READY")
    return found


async def provider_instance(
    http: httpx.AsyncClient, lab: EdgeLab, sink: str
) -> tuple[str, dict[str, str]]:
    """An app provider's own instance on zone-1 whose events go to ``sink``; (id, headers)."""
    h = await nbi_headers(http, lab.op.url)
    response = await http.post(nbi(lab.op.url, "/apps"), json=manifest(), headers=h)
    assert response.status_code == 201, response.text
    body = {
        "name": "arena_edge",
        "appId": response.json()["appId"],
        "edgeCloudZoneId": zone_uuid("op-test", "zone-1"),
        "subscriptionRequest": {"sink": sink},
    }
    created = await http.post(nbi(lab.op.url, "/appinstances"), json=body, headers=h)
    assert created.status_code == 202, created.text
    return str(created.json()["appInstanceId"]), h
