"""The site model through the admin API: heat, fans, power supplies, leaks, load, time, and the
figures of each profile."""

from __future__ import annotations

from typing import Any

import httpx

from mec_mocks.common.recorder import Recorder
from mec_mocks.edge_site.model import build_site
from mec_mocks.edge_site.profiles import PROFILES
from mec_mocks.edge_site.thermal import settle, step
from mec_mocks.testing import Servers, wait_for
from tests.mec_mocks.edge_site.conftest import AUTH, SiteFactory, admin, node_state
from tests.mec_mocks.edge_site.test_events import message_ids, subscribe

ENV = "Environmental.1.1."
RES = "ResourceEvent.1.3."


async def _events(rf: httpx.AsyncClient) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = (await admin(rf, "/events"))["events"]
    return events


async def test_hot_ambient_warns_then_goes_critical_then_trips(
    rf: httpx.AsyncClient, servers: Servers
) -> None:
    recorder, sink = await servers.recorder()
    await subscribe(rf, sink.url + "/events")
    await admin(rf, "/ambient", {"celsius": 58})
    health = []
    for _ in range(14):
        state = await admin(rf, "/advance", {"seconds": 60})
        health.append(node_state(state)["health"])
    assert health[0] == "OK"
    assert health.index("Warning") < health.index("Critical")
    node = node_state(state)
    assert node["powerState"] == "Off" and node["tripped"]
    assert node["powerW"] < 20
    ids = [
        e["MessageId"] for e in await _events(rf) if "node1" in e["OriginOfCondition"]["@odata.id"]
    ]
    order = [
        ENV + "TemperatureAboveUpperCautionThreshold",
        RES + "ResourceStatusChangedWarning",
        ENV + "TemperatureAboveUpperCriticalThreshold",
        RES + "ResourceStatusChangedCritical",
        ENV + "TemperatureAboveUpperFatalThreshold",
        RES + "ResourcePoweredOff",
    ]
    assert [i for i in ids if i in order] == order
    assert ids.count(RES + "ResourceChanged") >= 3
    system = (await rf.get("/redfish/v1/Systems/node1")).json()
    assert (system["PowerState"], system["Status"]["Health"]) == ("Off", "Critical")
    inlet = (await rf.get("/redfish/v1/Chassis/node1/Sensors/InletTemp")).json()
    assert inlet["Reading"] >= 57.5 and inlet["Status"]["Health"] == "Critical"
    await wait_for(lambda: _delivered(recorder, ENV + "TemperatureAboveUpperFatalThreshold"))
    alert = next(
        e
        for b in recorder.bodies()
        for e in b["Events"]
        if e["MessageId"].endswith("Fatal" + "Threshold")
    )
    assert alert["EventType"] == "Alert" and alert["MessageSeverity"] == "Critical"
    assert alert["OriginOfCondition"]["@odata.id"].endswith("/Sensors/InletTemp")


async def _delivered(recorder: Recorder, message_id: str) -> bool:
    return message_id in message_ids(recorder)


async def test_failed_fans_heat_the_cpu_until_it_trips(rf: httpx.AsyncClient) -> None:
    start = node_state(await admin(rf, "/state"))
    before = start["readings"]["CPUTemp"]
    state = await admin(rf, "/nodes/node1/fans/Fan1/fail")
    assert node_state(state)["health"] == "Warning"
    assert node_state(state)["fans"]["Fan1"] == {"failed": True, "speed": 0.0}
    one_fan = node_state(await admin(rf, "/advance", {"seconds": 600}))
    assert one_fan["readings"]["CPUTemp"] > before
    assert one_fan["powerState"] == "On"
    assert one_fan["fans"]["Fan2"]["speed"] > start["fans"]["Fan2"]["speed"]
    await admin(rf, "/nodes/node1/fans/all/fail")
    node = node_state(await admin(rf, "/advance", {"seconds": 900}))
    assert node["powerState"] == "Off" and node["tripped"]
    ids = [e["MessageId"] for e in await _events(rf)]
    assert ids.index(ENV + "FanFailed") < ids.index(ENV + "TemperatureAboveUpperCautionThreshold")
    assert ids.index(ENV + "TemperatureAboveUpperCriticalThreshold") < ids.index(
        RES + "ResourcePoweredOff"
    )
    fan = (await rf.get("/redfish/v1/Chassis/node1/ThermalSubsystem/Fans/Fan2")).json()
    assert fan["Status"]["Health"] == "Critical"
    other = node_state(await admin(rf, "/state"), "node2")
    assert (other["powerState"], other["health"]) == ("On", "OK")
    await admin(rf, "/nodes/node1/fans/all/restore")
    on = await rf.post(
        "/redfish/v1/Systems/node1/Actions/ComputerSystem.Reset", json={"ResetType": "On"}
    )
    assert on.status_code == 204
    assert node_state(await admin(rf, "/advance", {"seconds": 600}))["health"] == "OK"


async def test_immersion_leak_drains_the_tank_and_trips(start_site: SiteFactory) -> None:
    site = await start_site(profile="immersion", nodes=1)
    async with httpx.AsyncClient(base_url=site.url, auth=AUTH) as rf:
        state = await admin(rf, "/nodes/node1/leak", {"leaking": True})
        assert node_state(state)["health"] == "Critical"
        detector = (await rf.get("/redfish/v1/Chassis/node1/LeakDetectors/Tank")).json()
        assert detector["DetectorState"] == "Critical"
        node = node_state(await admin(rf, "/advance", {"seconds": 1200}))
        assert node["readings"]["CoolantLevel"] < 70
        assert node["powerState"] == "Off"
        ids = [e["MessageId"] for e in await _events(rf)]
        assert ids[0] == ENV + "LeakDetectedCritical"
        assert ENV + "FluidLevelBelowLowerCautionThreshold" in ids
        assert ids.index(ENV + "TemperatureAboveUpperCriticalThreshold") < ids.index(
            RES + "ResourcePoweredOff"
        )
        repaired = node_state(await admin(rf, "/nodes/node1/leak", {"leaking": False}))
        assert repaired["readings"]["CoolantLevel"] == 100 or not repaired["leak"]


async def test_immersion_coolant_warms_without_its_fan(start_site: SiteFactory) -> None:
    site = await start_site(profile="immersion", nodes=1)
    async with httpx.AsyncClient(base_url=site.url, auth=AUTH) as rf:
        start = node_state(await admin(rf, "/state"))["readings"]["CoolantTemp"]
        assert 35 < start < 45
        await admin(rf, "/nodes/node1/fans/all/fail")
        node = node_state(await admin(rf, "/advance", {"seconds": 3600}))
        assert node["readings"]["CoolantTemp"] > 45
        assert node["levels"]["CoolantTemp"] == 1
        sensor = (await rf.get("/redfish/v1/Chassis/node1/Sensors/CoolantTemp")).json()
        assert sensor["Status"]["Health"] == "Warning"
        assert ENV + "TemperatureAboveUpperCautionThreshold" in [
            e["MessageId"] for e in await _events(rf)
        ]


async def test_power_supplies_redundancy_and_power_loss(rf: httpx.AsyncClient) -> None:
    node = node_state(await admin(rf, "/nodes/node1/power-supplies/PSU1/fail"))
    assert (node["health"], node["powerState"]) == ("Warning", "On")
    power = (await rf.get("/redfish/v1/Chassis/node1/PowerSubsystem")).json()
    assert power["PowerSupplyRedundancy"][0]["Status"]["Health"] == "Warning"
    node = node_state(await admin(rf, "/nodes/node1/power-supplies/all/fail"))
    assert (node["health"], node["powerState"]) == ("Critical", "Off")
    node = node_state(await admin(rf, "/nodes/node1/power-supplies/PSU2/restore"))
    assert node["powerState"] == "On"
    ids = [e["MessageId"] for e in await _events(rf)]
    assert ids.count("Power.1.0.PowerSupplyFailed") == 2
    assert "Power.1.0.PowerSupplyRestored" in ids
    assert ids.index(RES + "ResourcePoweredOff") < ids.index(RES + "ResourcePoweredOn")


async def test_load_moves_power_draw(rf: httpx.AsyncClient) -> None:
    await admin(rf, "/nodes/node1/load", {"load": 1.0})
    await admin(rf, "/nodes/node2/load", {"load": 0.0})
    state = await admin(rf, "/advance", {"seconds": 5})
    assert node_state(state)["powerW"] == 450
    assert node_state(state, "node2")["powerW"] == 120
    bad = await rf.post("/admin/nodes/node1/load", json={"load": 2})
    assert bad.status_code == 400 and "load" in bad.json()["error"]["message"]
    assert (await rf.post("/admin/nodes/node9/load", json={"load": 0.5})).status_code == 404
    leak = await rf.post("/admin/nodes/node1/leak", json={"leaking": True})
    assert leak.status_code == 409


def test_profiles_keep_to_the_reference_figures() -> None:
    outdoor, indoor, immersion = PROFILES["outdoor"], PROFILES["indoor"], PROFILES["immersion"]
    assert outdoor.draw_w(1.0) < 500 and outdoor.rated_ambient == (-25.0, 55.0)
    assert indoor.draw_w(1.0) <= 1500
    assert 550 <= immersion.draw_w(immersion.default_load) <= 650
    assert immersion.draw_w(1.0) == 1000
    hot = build_site("s", outdoor, 1, seed=1)
    hot.ambient_c = 55.0
    settle(hot)
    node = hot.nodes["node1"]
    assert (node.power_state, node.health) == ("On", "Warning"), "55 degC is rated: no trip"
    assert node.levels == {"CPUTemp": 0, "InletTemp": 1, "TotalPower": 0}


def test_same_seed_same_site() -> None:
    def run(seed: int) -> list[Any]:
        site = build_site("s", PROFILES["outdoor"], 3, seed=seed)
        settle(site)
        site.ambient_c = 58
        events = [o.message_id for _ in range(900) for o in step(site)]
        return [
            events,
            [n.readings for n in site.nodes.values()],
            [n.serial for n in site.nodes.values()],
        ]

    assert run(11) == run(11)
    assert run(11) != run(12)


async def test_simulated_time_runs_faster_than_real_time(start_site: SiteFactory) -> None:
    site = await start_site(time_scale=600.0, tick_interval=0.05)
    async with httpx.AsyncClient(base_url=site.url, auth=AUTH) as rf:

        async def an_hour_passed() -> bool:
            return (await admin(rf, "/state"))["simSeconds"] >= 3600

        await wait_for(an_hour_passed, what="an hour of simulated time")
