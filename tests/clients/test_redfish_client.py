"""The OP's Redfish client layer against the real edge site mock over HTTPS."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import httpx
import pytest

from mec_mocks.common.recorder import Recorder
from mec_mocks.common.serving import RunningServer
from mec_mocks.testing import Servers, wait_for
from op_platform.clients.call import PeerError
from op_platform.clients.redfish import RedfishGateway, tls_context
from op_platform.clients.redfish_views import event_records
from op_platform.errors import Unavailable, UpstreamError
from op_platform.ports import free_port

AUTH = ("admin", "admin")


@pytest.fixture
async def servers(tmp_path: Path) -> AsyncIterator[Servers]:
    running = Servers(tmp_path)
    yield running
    await running.close()


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as shared:
        yield shared


def cafile(servers: Servers) -> str:
    return str(servers.tmp_path / "edge-tls" / "cert.pem")


async def start(servers: Servers, **overrides: object) -> RunningServer:
    overrides.setdefault("nodes", 2)
    return await servers.edge_site(tls=True, **overrides)


def gateway(
    site: RunningServer, servers: Servers, session: aiohttp.ClientSession
) -> RedfishGateway:
    return RedfishGateway(site.url, *AUTH, session=session, cafile=cafile(servers))


async def admin(site: RunningServer, servers: Servers, path: str, body: object) -> None:
    async with httpx.AsyncClient(
        base_url=site.url, auth=AUTH, verify=tls_context(cafile(servers))
    ) as http:
        (await http.post(f"/admin{path}", json=body)).raise_for_status()


async def test_login_and_views(servers: Servers, session: aiohttp.ClientSession) -> None:
    site = await start(servers, profile="indoor")
    async with gateway(site, servers, session) as gw:
        systems = await gw.systems()
        chassis = {c.id: c for c in await gw.chassis()}
    assert [s.id for s in systems] == ["node1", "node2"]
    node = systems[0]
    assert (node.power_state, node.health, node.state) == ("On", "OK", "Enabled")
    assert (node.cpus, node.cores, node.memory_gib) == (2, 64, 256.0)
    assert node.storage_gb == 4 * 1920
    assert [a.kind for a in node.accelerators] == ["GPU", "GPU"]
    assert set(chassis) == {"Site", "node1", "node2"}
    box = chassis["node1"]
    assert box.systems == ["/redfish/v1/Systems/node1"]
    assert box.power_limit_watts == 1500
    assert box.power_watts is not None and 250 < box.power_watts < 1500
    cpu = next(t for t in box.temperatures if t.sensor == "CPUTemp")
    assert (cpu.upper_caution, cpu.upper_critical, cpu.upper_fatal) == (85, 95, 100)
    assert cpu.headroom is not None and cpu.headroom > 10
    assert [f.id for f in box.fans] == ["Fan1", "Fan2", "Fan3", "Fan4"]
    assert not any(f.failed for f in box.fans)
    assert [p.health for p in box.power_supplies] == ["OK", "OK"]
    assert (box.coolant_celsius, box.leak) == (None, None)
    assert chassis["Site"].chassis_type == "Enclosure" and chassis["Site"].temperatures == []


async def test_immersion_views_show_coolant_and_leak(
    servers: Servers, session: aiohttp.ClientSession
) -> None:
    site = await start(servers, profile="immersion", nodes=1)
    await admin(site, servers, "/nodes/node1/leak", {"leaking": True})
    await admin(site, servers, "/nodes/node1/fans/all/fail", None)
    async with gateway(site, servers, session) as gw:
        box = next(c for c in await gw.chassis() if c.id == "node1")
    assert box.leak == "Critical"
    assert box.coolant_celsius is not None and 30 < box.coolant_celsius < 50
    assert box.coolant_level_percent == 100.0
    assert box.health == "Critical"
    assert [f.failed for f in box.fans] == [True]


async def test_one_relogin_after_the_session_is_deleted(
    servers: Servers, session: aiohttp.ClientSession
) -> None:
    site = await start(servers)
    async with (
        gateway(site, servers, session) as gw,
        httpx.AsyncClient(
            base_url=site.url, auth=AUTH, verify=tls_context(cafile(servers))
        ) as http,
    ):
        await gw.systems()

        async def drop_all_sessions() -> list[str]:
            members = (await http.get("/redfish/v1/SessionService/Sessions")).json()["Members"]
            uris = [m["@odata.id"] for m in members]
            for uri in uris:
                assert (await http.delete(uri)).status_code == 204
            return uris

        first = await drop_all_sessions()
        assert len(first) == 1
        assert [s.power_state for s in await gw.systems()] == ["On", "On"]
        second = await drop_all_sessions()
        assert len(second) == 1 and second != first, "one new session, not one per request"
        await gw.reset("/redfish/v1/Systems/node2", "ForceOff")
        assert len(await drop_all_sessions()) == 1, "the write logged in once more"
        assert [s.power_state for s in await gw.systems()] == ["On", "Off"]


async def test_event_subscription(servers: Servers, session: aiohttp.ClientSession) -> None:
    site = await start(servers)
    recorder, sink = await servers.recorder(Recorder())
    async with gateway(site, servers, session) as gw:
        url = await gw.subscribe(sink.url + "/redfish-events", context="zone-a")
        assert url.startswith(site.url + "/redfish/v1/EventService/Subscriptions/")
        await admin(site, servers, "/nodes/node1/fans/Fan2/fail", None)

        async def pushed() -> bool:
            return bool(recorder.received)

        await wait_for(pushed, what="the fan event")
        body = recorder.bodies()[0]
        assert body["Context"] == "zone-a"
        records = event_records(body)
        assert records[0].message_id == "Environmental.1.1.FanFailed"
        assert records[0].origin == "/redfish/v1/Chassis/node1/ThermalSubsystem/Fans/Fan2"
        assert records[0].severity == "Warning"
        await gw.unsubscribe(url)
        with pytest.raises(PeerError) as missing:
            await gw.get(url.removeprefix(site.url))
        assert missing.value.peer_status == 404


async def test_errors_are_domain_errors(servers: Servers, session: aiohttp.ClientSession) -> None:
    site = await start(servers)
    wrong = RedfishGateway(site.url, "admin", "nope", session=session, cafile=cafile(servers))
    with pytest.raises(PeerError) as refused:
        await wrong.login()
    assert refused.value.peer_status == 401
    async with gateway(site, servers, session) as gw:
        with pytest.raises(PeerError) as not_found:
            await gw.get("/redfish/v1/Systems/node9")
        assert not_found.value.peer_status == 404
        assert "ResourceMissingAtURI" in str(not_found.value.peer_body)
        with pytest.raises(PeerError) as bad:
            await gw.reset("/redfish/v1/Systems/node1", "Explode")
        assert bad.value.peer_status == 400
        await admin(site, servers, "/link", {"downSeconds": 60})
        with pytest.raises(Unavailable):
            await gw.systems()
        await admin(site, servers, "/link", {"downSeconds": 0})
        assert len(await gw.systems()) == 2
    untrusted = RedfishGateway(site.url, *AUTH, session=session, ssl_context=tls_context())
    with pytest.raises((Unavailable, UpstreamError)):
        await untrusted.login()
    closed = RedfishGateway(f"https://127.0.0.1:{free_port()}", *AUTH, session=session)
    with pytest.raises(Unavailable):
        await closed.login()


async def test_requests_in_flight_are_bounded_per_gateway(session: aiohttp.ClientSession) -> None:
    """A site read in full (hundreds of GETs gathered at once) keeps at most ``concurrency``
    of them in flight, so it neither takes the shared session's connections nor queues other
    sites' polls behind its own."""
    gw = RedfishGateway("https://gw.example.net", *AUTH, session=session, concurrency=3)
    inflight, peak = 0, 0

    class Answer:
        status, dict = 200, {"Id": "x"}

    async def get(path: str) -> Answer:
        nonlocal inflight, peak
        inflight += 1
        peak = max(peak, inflight)
        await asyncio.sleep(0.01)
        inflight -= 1
        return Answer()

    gw._client.get = get  # type: ignore[method-assign]
    found = await asyncio.gather(*(gw.get(f"/redfish/v1/Systems/node{n}") for n in range(20)))
    assert len(found) == 20 and peak == 3
