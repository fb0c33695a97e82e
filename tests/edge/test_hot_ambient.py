"""Must-show 2, step by step: the outside air of an outdoor site reaches 58 degC (above the
55 degC its servers are rated for). The OP predicts the crossing from the trend and marks the
zone degraded while every node still runs; the instances, with no healthy node left, fail with
the reason (the partner and the app provider are told); then the BMCs turn the nodes Critical
and off, the zone's capacity falls to nothing and the partner hears the zone is NOT_AVAILABLE."""

from __future__ import annotations

from typing import Any

import httpx
from aiohttp import web

from mec_mocks.testing import Servers
from op_platform.models.ewbi import paths
from tests.edge.helpers import OpFactory, install, partner_federation, provider_instance, start_lab
from tests.helpers.federation import wait_for
from tests.helpers.servers import serve
from tests.nbi.helpers import headers as nbi_headers
from tests.nbi.helpers import nbi


async def test_hot_ambient_degrades_on_prediction_then_takes_the_zone_down(
    servers: Servers, start_ops: OpFactory, http: httpx.AsyncClient
) -> None:
    events: list[dict[str, Any]] = []

    async def receive(request: web.Request) -> web.Response:
        events.append(await request.json())
        return web.Response(status=204)

    sink_app = web.Application()
    sink_app.router.add_post("/sink", receive)
    sink = await serve(sink_app)
    lab = await start_lab(servers, start_ops, nodes=2)
    try:
        await wait_for(lambda: lab.watcher.status.polls > 0, what="first poll")
        cores, memory, storage = await lab.node_sizes()
        zone = await lab.zone()
        assert (zone.num_cpu, zone.memory_mb, zone.storage_gb) == (cores, memory, storage)
        s = await partner_federation(http, lab)
        await install(http, lab, s, "inst_hot_1")
        provider_id, _ = await provider_instance(http, lab, f"{sink.url}/sink")

        def statuses() -> list[str]:
            mine = [e for e in events if e["data"]["appInstanceId"] == provider_id]
            return [e["data"]["status"] for e in mine]

        await wait_for(lambda: statuses()[-1:] == ["ready"], what="provider instance ready")
        assert (await lab.provider_instance(provider_id)).node_id in await lab.nodes()
        lab.partner.received.clear()

        await lab.fault("/ambient", {"celsius": 58})
        history = []
        for _ in range(40):
            await lab.step(30)
            zone, nodes = await lab.zone(), await lab.nodes()
            history.append((zone.health, zone.status, {n.condition for n in nodes.values()}))
            if {n.power_state for n in nodes.values()} == {"Off"}:
                break

        # 1. degraded on prediction, while every node still runs and nothing is down yet
        first = history.index(next(h for h in history if h[0] != "OK"))
        assert history[first] == ("Degraded", "AVAILABLE", {"at_risk"}), history
        # 2. then the nodes Critical and off, the capacity gone, the zone NOT_AVAILABLE
        assert history[-1] == ("Down", "NOT_AVAILABLE", {"down"}), history
        nodes = await lab.nodes()
        assert {(n.power_state, n.health) for n in nodes.values()} == {("Off", "Critical")}
        zone = await lab.zone()
        assert (zone.num_cpu, zone.memory_mb, zone.storage_gb) == (0, 0, 0)
        # 3. the partner's zone availability change and resource callback
        status = await wait_for(
            lambda: [
                b
                for b in lab.partner.bodies(paths.ON_PARTNER_STATUS_EVENT)
                if b.get("objectType") == "ZONES"  # not the federation's own, late under load
                and b["zoneStatus"][0]["status"] == "NOT_AVAILABLE"
            ],
            what="NOT_AVAILABLE status event",
        )
        assert status[0]["objectType"] == "ZONES"
        assert status[0]["zoneStatus"] == [{"zoneId": "zone-1", "status": "NOT_AVAILABLE"}]
        update = await wait_for(lambda: lab.partner.bodies("/z"), what="zone resource update")
        assert update[-1]["zoneResUpdInfo"][0]["availableCompResources"][0]["numCPU"] == 0
        h = await nbi_headers(http, lab.op.url)
        listed = (await http.get(nbi(lab.op.url, "/edge-cloud-zones"), headers=h)).json()
        assert (
            next(z for z in listed if z["edgeCloudZoneName"] == "zone-1")["edgeCloudZoneStatus"]
            == "inactive"
        )
        # 4. the instance failed with the reason, and the partner was told
        failed = await lab.instance("inst_hot_1")
        assert failed.state == "FAILED" and "predicted to fail" in (failed.failure_reason or "")
        told = await wait_for(
            lambda: [
                b
                for b in lab.partner.bodies("/inst")
                if b["appInstanceInfo"]["appInstanceState"] == "FAILED"
            ],
            what="onInstanceStatusEvent FAILED",
        )
        assert "no other healthy node" in told[0]["message"]
        # 5. the provider's sink notified: its instance failed, with the reason
        await wait_for(lambda: statuses()[-1:] == ["failed"], what="provider instance failed")
        reason = next(e for e in events if e["data"]["status"] == "failed")["data"]["statusReason"]
        assert "zone-1" in reason
    finally:
        await lab.admin.aclose()
        await sink.stop()
