"""The shape of every Redfish resource the gateway serves."""

from __future__ import annotations

from typing import Any

import httpx

from mec_mocks.common.serving import RunningServer
from mec_mocks.edge_site import NodeSizing
from tests.mec_mocks.edge_site.conftest import AUTH, SiteFactory


async def get(rf: httpx.AsyncClient, path: str) -> dict[str, Any]:
    resp = await rf.get(path)
    assert resp.status_code == 200, (path, resp.text)
    body: dict[str, Any] = resp.json()
    return body


def ids(collection: dict[str, Any]) -> list[str]:
    assert collection["Members@odata.count"] == len(collection["Members"])
    return [m["@odata.id"].rsplit("/", 1)[-1] for m in collection["Members"]]


def _links(value: Any) -> list[str]:
    found: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "@odata.id" and isinstance(item, str):
                found.append(item)
            else:
                found += _links(item)
    elif isinstance(value, list):
        for item in value:
            found += _links(item)
    return found


async def test_root_odata_and_metadata_need_no_credentials(site: RunningServer) -> None:
    async with httpx.AsyncClient(base_url=site.url) as anonymous:
        root = (await anonymous.get("/redfish/v1/")).json()
        assert root["@odata.type"].startswith("#ServiceRoot.v1_")
        assert root["Links"]["Sessions"]["@odata.id"] == "/redfish/v1/SessionService/Sessions"
        for name in ("Systems", "Chassis", "Managers", "EventService", "AggregationService"):
            assert root[name]["@odata.id"] == f"/redfish/v1/{name}"
        assert (await anonymous.get("/redfish")).json() == {"v1": "/redfish/v1/"}
        odata = (await anonymous.get("/redfish/v1/odata")).json()
        assert {"name": "Systems", "kind": "Singleton", "url": "/redfish/v1/Systems"} in odata[
            "value"
        ]
        meta = await anonymous.get("/redfish/v1/$metadata")
    assert meta.headers["content-type"].startswith("application/xml")
    xml = meta.text
    assert '<edmx:Reference Uri="http://redfish.dmtf.org/schemas/v1/ComputerSystem_v1.xml">' in xml
    assert '<edmx:Include Namespace="Sensor.v1_12_0"/>' in xml
    assert 'Extends="ServiceRoot.v1_20_0.ServiceContainer"' in xml


async def test_every_linked_resource_answers_with_its_own_id(rf: httpx.AsyncClient) -> None:
    """Crawl from the root: every link resolves, and says it is what it was linked as."""
    seen: set[str] = set()
    todo = ["/redfish/v1/"]
    while todo:
        uri = todo.pop()
        if uri in seen:
            continue
        seen.add(uri)
        body = await get(rf, uri)
        assert body["@odata.id"] == uri
        assert body["@odata.type"].startswith("#")
        todo += [u for u in _links(body) if u.startswith("/redfish/v1/") and u not in seen]
    assert len(seen) > 80


async def test_systems_describe_each_node(rf: httpx.AsyncClient) -> None:
    assert ids(await get(rf, "/redfish/v1/Systems")) == ["node1", "node2"]
    system = await get(rf, "/redfish/v1/Systems/node1")
    assert system["PowerState"] == "On"
    assert system["Status"] == {"State": "Enabled", "Health": "OK", "HealthRollup": "OK"}
    assert system["ProcessorSummary"]["Count"] == 1
    assert system["ProcessorSummary"]["CoreCount"] == 16
    assert system["MemorySummary"]["TotalSystemMemoryGiB"] == 64
    reset = system["Actions"]["#ComputerSystem.Reset"]
    assert reset["target"] == "/redfish/v1/Systems/node1/Actions/ComputerSystem.Reset"
    assert {"On", "ForceOff", "GracefulShutdown", "ForceRestart", "PowerCycle"} <= set(
        reset["ResetType@Redfish.AllowableValues"]
    )
    info = await get(rf, reset["@Redfish.ActionInfo"])
    assert info["Parameters"][0]["Name"] == "ResetType"


async def test_processors_include_accelerators(start_site: SiteFactory) -> None:
    site = await start_site(profile="indoor", nodes=1)
    async with httpx.AsyncClient(base_url=site.url, auth=AUTH) as rf:
        procs = await get(rf, "/redfish/v1/Systems/node1/Processors")
        assert ids(procs) == ["CPU1", "CPU2", "ACC1", "ACC2"]
        cpu = await get(rf, "/redfish/v1/Systems/node1/Processors/CPU1")
        assert (cpu["ProcessorType"], cpu["TotalCores"]) == ("CPU", 32)
        gpu = await get(rf, "/redfish/v1/Systems/node1/Processors/ACC2")
        assert gpu["ProcessorType"] == "GPU"
        assert gpu["MaxTDPWatts"] == 300
        assert (await rf.get("/redfish/v1/Systems/node1/Processors/ACC3")).status_code == 404


async def test_memory_and_storage(rf: httpx.AsyncClient) -> None:
    dimms = await get(rf, "/redfish/v1/Systems/node1/Memory")
    assert ids(dimms) == ["DIMM1", "DIMM2", "DIMM3", "DIMM4"]
    dimm = await get(rf, "/redfish/v1/Systems/node1/Memory/DIMM1")
    assert dimm["CapacityMiB"] == 16 * 1024
    storage = await get(rf, "/redfish/v1/Systems/node1/Storage/NVMe")
    drive_uris = [d["@odata.id"] for d in storage["Drives"]]
    assert drive_uris == [
        "/redfish/v1/Chassis/node1/Drives/1",
        "/redfish/v1/Chassis/node1/Drives/2",
    ]
    drive = await get(rf, drive_uris[0])
    assert drive["CapacityBytes"] == 960 * 10**9


async def test_chassis_environment_power_and_thermal(rf: httpx.AsyncClient) -> None:
    assert ids(await get(rf, "/redfish/v1/Chassis")) == ["Site", "node1", "node2"]
    site = await get(rf, "/redfish/v1/Chassis/Site")
    assert site["ChassisType"] == "Enclosure"
    assert len(site["Links"]["Contains"]) == 2
    env = await get(rf, "/redfish/v1/Chassis/node1/EnvironmentMetrics")
    assert env["PowerLimitWatts"]["SetPoint"] == 500
    assert 100 < env["PowerWatts"]["Reading"] < 500
    assert env["TemperatureCelsius"]["DataSourceUri"].endswith("/Sensors/CPUTemp")
    thermal = await get(rf, "/redfish/v1/Chassis/node1/ThermalSubsystem")
    assert "LeakDetection" not in thermal
    fans = await get(rf, thermal["Fans"]["@odata.id"])
    assert ids(fans) == ["Fan1", "Fan2"]
    fan = await get(rf, "/redfish/v1/Chassis/node1/ThermalSubsystem/Fans/Fan1")
    assert 20 <= fan["SpeedPercent"]["Reading"] <= 100
    metrics = await get(rf, thermal["ThermalMetrics"]["@odata.id"])
    assert metrics["TemperatureSummaryCelsius"]["Intake"]["Reading"] == 25.0
    power = await get(rf, "/redfish/v1/Chassis/node1/PowerSubsystem")
    assert power["PowerSupplyRedundancy"][0]["Status"]["Health"] == "OK"
    psu = await get(rf, "/redfish/v1/Chassis/node1/PowerSubsystem/PowerSupplies/PSU1")
    assert (psu["PowerCapacityWatts"], psu["LineInputStatus"]) == (550, "Normal")
    missing = await rf.get("/redfish/v1/Chassis/node1/ThermalSubsystem/LeakDetection")
    assert missing.status_code == 404


async def test_sensors_carry_readings_and_thresholds(rf: httpx.AsyncClient) -> None:
    sensors = ids(await get(rf, "/redfish/v1/Chassis/node1/Sensors"))
    assert sensors == ["CPUTemp", "InletTemp", "TotalPower", "Fan1", "Fan2"]
    inlet = await get(rf, "/redfish/v1/Chassis/node1/Sensors/InletTemp")
    assert (inlet["ReadingType"], inlet["ReadingUnits"], inlet["PhysicalContext"]) == (
        "Temperature",
        "Cel",
        "Intake",
    )
    assert inlet["Thresholds"] == {
        "UpperCaution": {"Reading": 50.0},
        "UpperCritical": {"Reading": 56.0},
        "UpperFatal": {"Reading": 57.5},
    }
    power = await get(rf, "/redfish/v1/Chassis/node1/Sensors/TotalPower")
    assert power["ReadingUnits"] == "W"
    assert power["Thresholds"]["UpperCritical"]["Reading"] == 500


async def test_immersion_coolant_and_leak_detection(start_site: SiteFactory) -> None:
    site = await start_site(profile="immersion", nodes=1)
    async with httpx.AsyncClient(base_url=site.url, auth=AUTH) as rf:
        thermal = await get(rf, "/redfish/v1/Chassis/node1/ThermalSubsystem")
        tank = await get(rf, thermal["CoolantConnectors"]["@odata.id"] + "/Tank")
        assert tank["CoolantConnectorType"] == "Closed"
        assert 30 < tank["SupplyTemperatureCelsius"]["Reading"] < 45
        leak = await get(rf, thermal["LeakDetection"]["@odata.id"])
        assert leak["LeakDetectorGroups"][0]["Detectors"][0]["DetectorState"] == "OK"
        detectors = await get(rf, "/redfish/v1/Chassis/node1/LeakDetectors")
        detector = await get(rf, detectors["Members"][0]["@odata.id"])
        assert (detector["DetectorState"], detector["LeakDetectorType"]) == ("OK", "FloatSwitch")
        coolant = await get(rf, "/redfish/v1/Chassis/node1/Sensors/CoolantTemp")
        assert coolant["Thresholds"]["UpperCritical"]["Reading"] == 50.0
        level = await get(rf, "/redfish/v1/Chassis/node1/Sensors/CoolantLevel")
        assert level["Reading"] == 100.0
        assert level["Thresholds"]["LowerCritical"]["Reading"] == 70.0


async def test_managers_and_aggregation(rf: httpx.AsyncClient) -> None:
    assert ids(await get(rf, "/redfish/v1/Managers")) == ["Gateway", "node1-bmc", "node2-bmc"]
    gateway = await get(rf, "/redfish/v1/Managers/Gateway")
    assert gateway["ManagerType"] == "Service"
    assert len(gateway["Links"]["ManagerForManagers"]) == 2
    bmc = await get(rf, "/redfish/v1/Managers/node1-bmc")
    assert bmc["ManagerType"] == "BMC"
    assert bmc["Links"]["ManagerForServers"] == [{"@odata.id": "/redfish/v1/Systems/node1"}]
    sources = await get(rf, "/redfish/v1/AggregationService/AggregationSources")
    assert ids(sources) == ["node1", "node2"]
    source = await get(rf, "/redfish/v1/AggregationService/AggregationSources/node2")
    accessed = {link["@odata.id"] for link in source["Links"]["ResourcesAccessed"]}
    assert "/redfish/v1/Systems/node2" in accessed


async def test_node_sizes_are_configurable(start_site: SiteFactory) -> None:
    sizing = NodeSizing(
        sockets=2, cores_per_socket=8, memory_gib=32, accelerators=0, storage_gb=4000
    )
    site = await start_site(nodes=1, sizing=sizing)
    async with httpx.AsyncClient(base_url=site.url, auth=AUTH) as rf:
        system = await get(rf, "/redfish/v1/Systems/node1")
        assert system["ProcessorSummary"]["CoreCount"] == 16
        assert system["MemorySummary"]["TotalSystemMemoryGiB"] == 32
        assert ids(await get(rf, "/redfish/v1/Systems/node1/Processors")) == ["CPU1", "CPU2"]
        drive = await get(rf, "/redfish/v1/Chassis/node1/Drives/2")
        assert drive["CapacityBytes"] == 2000 * 10**9
