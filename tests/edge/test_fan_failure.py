"""Must-show 2, one node: every fan of the node running an instance fails on an outdoor site.
The node's BMC reports it Critical at once: the OP takes the node out of the zone's capacity,
tells the partner, and moves the instance to another healthy node of the zone."""

from __future__ import annotations

import httpx

from mec_mocks.testing import Servers
from op_platform.db.tables.instance_rows import AppInstanceRow
from op_platform.keys import PLATFORM
from op_platform.models.ewbi import paths
from tests.edge.helpers import OpFactory, install, partner_federation, start_lab
from tests.helpers.federation import wait_for
from tests.nbi.helpers import headers as nbi_headers
from tests.nbi.helpers import nbi


async def test_fans_failing_take_the_node_out_and_move_its_instance(
    servers: Servers, start_ops: OpFactory, http: httpx.AsyncClient
) -> None:
    lab = await start_lab(servers, start_ops, nodes=3)
    try:
        await wait_for(lambda: lab.watcher.status.polls > 0, what="first poll")
        s = await partner_federation(http, lab)
        zone_data = s.url(paths.zone(s.ctx, "zone-1"))
        first = (await http.get(zone_data, headers=s.headers)).json()  # now cached
        assert first["computeResourceQuotaLimits"][0]["numCPU"] == (await lab.zone()).num_cpu
        inst = await install(http, lab, s, "inst_fan_1")
        held = (await http.get(zone_data, headers=s.headers)).json()  # the instance holds some
        assert (
            held["computeResourceQuotaLimits"][0]["numCPU"]
            == first["computeResourceQuotaLimits"][0]["numCPU"] - inst.num_cpu
        )
        hot = inst.node_id
        nodes = await lab.nodes()
        assert hot in nodes and all(n.condition == "ok" for n in nodes.values())
        before = await lab.zone()
        lab.partner.received.clear()

        await lab.fault(f"/nodes/{hot}/fans/all/fail")
        await lab.step(10)

        node = (await lab.nodes())[hot]
        assert (node.condition, node.health) == ("down", "Critical")
        zone = await lab.zone()
        assert zone.num_cpu == before.num_cpu - node.num_cpu
        assert zone.memory_mb == before.memory_mb - node.memory_mb
        assert (zone.status, zone.health) == ("AVAILABLE", "Degraded")
        moved = await lab.instance("inst_fan_1")
        assert moved.state == "READY" and moved.node_id not in (None, hot)
        assert (await lab.nodes())[moved.node_id].condition == "ok"

        # Only the ZONES events: the federation's own status event (sent when it was created)
        # may still be on its way under load.
        status = await wait_for(
            lambda: [
                body
                for body in lab.partner.bodies(paths.ON_PARTNER_STATUS_EVENT)
                if body.get("objectType") == "ZONES"
            ],
            what="zone status event",
        )
        assert status[0]["zoneStatus"] == [{"zoneId": "zone-1", "status": "AVAILABLE"}]
        update = await wait_for(lambda: lab.partner.bodies("/z"), what="zone resource update")
        free = update[-1]["zoneResUpdInfo"][0]["availableCompResources"][0]
        assert free["numCPU"] == zone.num_cpu - inst.num_cpu

        data = await http.get(zone_data, headers=s.headers)
        assert data.status_code == 200, data.text
        reported = data.json()["computeResourceQuotaLimits"][0]
        assert (reported["numCPU"], reported["memory"]) == (
            zone.num_cpu - moved.num_cpu,
            zone.memory_mb - moved.memory_mb,
        )
        h = await nbi_headers(http, lab.op.url)
        clusters = (await http.get(nbi(lab.op.url, "/clusters"), headers=h)).json()
        mine = next(c for c in clusters if c["name"] == "zone-1-cluster")
        assert mine["nodePools"][0]["nodeResources"]["numCPU"] == zone.num_cpu - moved.num_cpu

        sites = (await http.get(lab.op.url + "/admin/edge-sites")).json()
        assert [site["zoneId"] for site in sites] == ["zone-1"]
        assert (sites[0]["health"], sites[0]["capacity"]["numCPU"]) == ("Degraded", zone.num_cpu)
        shown = {n["nodeId"]: n for n in sites[0]["nodes"]}
        assert (shown[hot]["condition"], shown[hot]["health"]) == ("down", "Critical")
        assert sites[0]["gateway"]["reachable"] and sites[0]["gateway"]["subscribed"]

        scraped = (await http.get(lab.op.url + "/metrics")).text
        assert 'op_edge_zone_health{zone="zone-1"} 1.0' in scraped
        assert f'op_edge_node_condition{{node="{hot}",zone="zone-1"}} 2.0' in scraped
        assert f'op_edge_node_health{{node="{hot}",zone="zone-1"}} 2.0' in scraped
        assert f'op_edge_node_power_watts{{node="{hot}",zone="zone-1"}}' in scraped
        assert (
            f'op_edge_node_temperature_celsius{{node="{hot}",sensor="CPUTemp",zone="zone-1"}}'
            in (scraped)
        )

        for _ in range(40):  # the BMC trips the overheating node: it stays out
            await lab.step(60)
            if (await lab.nodes())[hot].power_state == "Off":
                break
        assert (await lab.nodes())[hot].power_state == "Off"
        assert (await lab.zone()).num_cpu == zone.num_cpu

        # GetZoneData is served from memory until an instance changes. First let the watcher
        # apply a poll that has seen the node off (its writes to the zone drop what is cached).
        seen = lab.watcher.status.polls
        await wait_for(lambda: lab.watcher.status.polls >= seen + 2, what="a poll after power off")
        reads = lab.op.app[PLATFORM].reads
        cached = (await http.get(zone_data, headers=s.headers)).json()
        hits = reads.hits
        assert (await http.get(zone_data, headers=s.headers)).json() == cached
        assert reads.hits == hits + 1
        async with lab.op.app[PLATFORM].database.transaction() as session:
            row = await session.get_one(AppInstanceRow, moved.id)
            row.holds_capacity = False
            session.add(row)
        fresh = (await http.get(zone_data, headers=s.headers)).json()
        assert fresh["computeResourceQuotaLimits"][0]["numCPU"] == zone.num_cpu
    finally:
        await lab.admin.aclose()
