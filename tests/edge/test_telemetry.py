"""Reading a node: with ``$expand`` its sensors come in one request and give the same reading
as the four-request read (system, EnvironmentMetrics, ThermalMetrics, a clock sensor)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace

import aiohttp
import httpx
import pytest

from mec_mocks.testing import Servers
from op_platform.clients.redfish import RedfishGateway, tls_context
from op_platform.services.edge.telemetry import read_node, survey

AUTH = ("admin", "admin")


class Counting(RedfishGateway):
    """The client layer, noting each GET."""

    gets: list[str]

    async def get(self, path: str) -> dict[str, object]:
        self.gets.append(path)
        return await super().get(path)


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as shared:
        yield shared


@pytest.mark.parametrize("profile", ["outdoor", "immersion"])
async def test_one_request_for_the_sensors_gives_the_same_reading(
    servers: Servers, session: aiohttp.ClientSession, profile: str
) -> None:
    site = await servers.edge_site(tls=True, profile=profile, nodes=2)
    cafile = str(servers.tmp_path / "edge-tls" / "cert.pem")
    async with httpx.AsyncClient(base_url=site.url, auth=AUTH, verify=tls_context(cafile)) as a:
        # a node hot and drawing more than at rest, so that every reading differs from 0
        (await a.post("/admin/ambient", json={"celsius": 45})).raise_for_status()
        (await a.post("/admin/advance", json={"seconds": 120})).raise_for_status()
    gateway = Counting(site.url, *AUTH, session=session, cafile=cafile)
    gateway.gets = []
    async with gateway:
        surveyed = await survey(gateway)
        for reading, node in surveyed:
            assert node.sensors_uri and node.power_sensor, node
            gateway.gets = []
            expanded = await read_node(gateway, node)
            assert gateway.gets == [node.system_uri, f"{node.sensors_uri}?$expand=."]
            gateway.gets = []
            plain = await read_node(gateway, replace(node, sensors_uri=None))
            assert len(gateway.gets) == 4
            assert expanded == plain
            assert expanded.limits == reading.limits  # what the full read found
            assert expanded.power_watts and expanded.sampled_at and expanded.limits
