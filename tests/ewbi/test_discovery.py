"""EWBI edge discovery, served: GetCandidateZones ranks this OP's zones for a client."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from op_platform.models.ewbi import paths
from op_platform.services.discovery.candidate_zones import haversine_km
from tests.helpers.applications import PROVIDER
from tests.helpers.contract import assert_conforms
from tests.helpers.federation import headers_for, wait_for
from tests.helpers.instances import APP_ID, Setup, federation_with_app, install_body, set_zone
from tests.helpers.servers import TEST_CLIENT, TEST_SECRET, RunningOp

CELLS = [
    {"mcc": 214, "mnc": 1, "cell_id": 1001, "latitude": 41.39, "longitude": 2.17},  # Barcelona
    {"mcc": 214, "mnc": 1, "cell_id": 1002, "latitude": 40.42, "longitude": -3.70},  # Madrid
]
BARCELONA = "41.3851,2.1734"
MADRID = "40.4200,-3.7000"


@pytest.fixture
async def s(http: httpx.AsyncClient, start_ops: Any) -> Setup:
    op = await start_ops(cells=CELLS)
    return await federation_with_app(http, op)


def body(location: dict[str, Any] | None = None, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"appProviderId": PROVIDER, "appId": APP_ID}
    if location is not None:
        data["edgeDiscoveryFilters"] = {"location": location}
    return data | overrides


async def discover(http: httpx.AsyncClient, s: Setup, data: Any, **kw: Any) -> httpx.Response:
    headers = kw.pop("headers", s.headers)
    return await http.post(s.url(paths.edge_discovery(s.ctx)), json=data, headers=headers)


def test_haversine() -> None:
    # Madrid - Barcelona is about 505 km.
    assert 495 < haversine_km((40.4168, -3.7038), (41.3874, 2.1686)) < 515
    assert haversine_km((10.0, 10.0), (10.0, 10.0)) == 0


async def test_nearest_zone_first_by_geolocation(http: httpx.AsyncClient, s: Setup) -> None:
    r = await discover(http, s, body({"geo_location": BARCELONA}))
    assert r.status_code == 200, r.text
    assert_conforms(r, "GetCandidateZones")
    assert [z["zoneId"] for z in r.json()] == ["zone-2", "zone-1"]
    assert r.json()[0]["latencyServiceEndPoints"] == {
        "port": 8443,
        "fqdn": "edge-app-lcm1.zone-2.op-test.edge.example",
    }
    r = await discover(http, s, body({"geo_location": MADRID}))
    assert [z["zoneId"] for z in r.json()] == ["zone-1", "zone-2"]
    r = await discover(http, s, body())  # no location: every candidate, by zone id
    assert [z["zoneId"] for z in r.json()] == ["zone-1", "zone-2"]


async def test_rad_location_resolved_through_cells(http: httpx.AsyncClient, s: Setup) -> None:
    unknown = {"carrier": "LTE", "mcc": 214, "mnc": 1, "cellId": 9}
    barcelona = {"carrier": "5G", "mcc": 214, "mnc": 1, "cellId": 1001, "areaCode": 7}
    r = await discover(http, s, body({"rad_location": [unknown, barcelona]}))
    assert r.status_code == 200, r.text
    assert [z["zoneId"] for z in r.json()] == ["zone-2", "zone-1"]
    r = await discover(http, s, body({"rad_location": [unknown]}))
    assert r.status_code == 422
    assert_conforms(r, "GetCandidateZones")
    assert r.json()["cause"] == "UNKNOWN_CELL"


async def test_only_onboarded_unforbidden_zones_and_ready_endpoints(
    http: httpx.AsyncClient, s: Setup
) -> None:
    await set_zone(s.op, s.ctx, "zone-2", forbidden=True)
    r = await discover(http, s, body({"geo_location": BARCELONA}))
    assert [z["zoneId"] for z in r.json()] == ["zone-1"]
    # A READY instance on the zone: its access point is the endpoint to probe.
    link = "http://127.0.0.1:9/instances"
    installed = await http.post(
        s.url(paths.lcm(s.ctx)),
        json=install_body(link) | {"appInstanceId": "probe_instance"},
        headers=s.headers,
    )
    assert installed.status_code == 202

    async def ready() -> bool:
        r = await http.get(
            s.url(paths.app_instance(s.ctx, APP_ID, "probe_instance", "zone-1")), headers=s.headers
        )
        return bool(r.json().get("appInstanceState") == "READY")

    await wait_for(ready, what="READY")
    r = await discover(http, s, body())
    assert r.json() == [
        {
            "zoneId": "zone-1",
            "latencyServiceEndPoints": {
                "port": 8443,
                "fqdn": "probe-instance.zone-1.op-test.edge.example",
            },
        }
    ]
    await set_zone(s.op, s.ctx, "zone-1", status="DEBOARDING")
    r = await discover(http, s, body())
    assert r.status_code == 422 and r.json()["cause"] == "NO_CANDIDATE_ZONE"


async def test_errors(http: httpx.AsyncClient, start_ops: Any) -> None:
    other = {"client_id": "other-client", "client_secret": "other-secret", "scopes": ["fed-mgmt"]}
    mine = {"client_id": TEST_CLIENT, "client_secret": TEST_SECRET, "scopes": ["fed-mgmt"]}
    op: RunningOp = await start_ops(clients=[mine, other])
    s = await federation_with_app(http, op)
    r = await discover(http, s, body({"geo_location": "north"}))
    assert r.status_code == 400
    assert_conforms(r, "GetCandidateZones")
    params = [p["param"] for p in r.json()["invalidParams"]]
    assert params == ["edgeDiscoveryFilters.location.geo_location"]
    r = await discover(http, s, {"appId": APP_ID})
    assert r.status_code == 400
    assert r.json()["invalidParams"][0]["param"] == "appProviderId"
    r = await discover(http, s, body(), headers={})
    assert r.status_code == 401
    r = await discover(http, s, body(appId="unknown_app_1"))
    assert r.status_code == 404 and r.json()["cause"] == "APP_NOT_FOUND"
    assert_conforms(r, "GetCandidateZones")
    r = await discover(http, s, body(appProviderId="another_provider"))
    assert r.status_code == 404
    theirs = await headers_for(http, op.url, "other-client", "other-secret")
    r = await discover(http, s, body(), headers=theirs)
    assert r.status_code == 404 and r.json()["cause"] == "FEDERATION_CONTEXT_NOT_FOUND"
