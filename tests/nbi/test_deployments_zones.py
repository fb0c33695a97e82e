"""NBI deployments (create, list, merge-patch, delete), zones and clusters on one OP."""

from __future__ import annotations

import httpx
import pytest

from op_platform.db.zone_repository import ZoneRepository
from op_platform.keys import PLATFORM
from op_platform.services.identifiers import cluster_uuid, zone_uuid
from op_platform.services.zones.provider_zones import NbiZone
from tests.helpers.contract import assert_conforms
from tests.helpers.servers import RunningOp
from tests.nbi.helpers import OTHER_CLIENT, OTHER_SECRET, headers, nbi, poll
from tests.nbi.test_instances import UNKNOWN, new_app

SPEC = "nbi.yaml"
Z1, Z2 = zone_uuid("op-nbi", "zone-1"), zone_uuid("op-nbi", "zone-2")
MERGE = {"Content-Type": "application/merge-patch+json"}


async def test_deployment_lifecycle(http: httpx.AsyncClient, nbi_op: RunningOp) -> None:
    h = await headers(http, nbi_op.url)
    app_id = await new_app(http, nbi_op, h)
    body = {"appDeploymentName": "arena_dep", "appId": app_id, "edgeCloudZones": [Z1]}
    created = await http.post(nbi(nbi_op.url, "/deployments"), json=body, headers=h)
    assert created.status_code == 202, created.text
    assert_conforms(created, "createAppDeployment", SPEC)
    dep_id = created.json()["appDeploymentId"]
    listed = await http.get(nbi(nbi_op.url, "/deployments"), headers=h, params={"appId": app_id})
    assert_conforms(listed, "getAppDeployments", SPEC)
    (dep,) = listed.json()
    assert dep["edgeCloudZones"] == [Z1] and len(dep["appInstances"]) == 1

    url = nbi(nbi_op.url, f"/deployments/{dep_id}")
    patched = await http.patch(url, json={"edgeCloudZones": [Z2]}, headers={**h, **MERGE})
    assert patched.status_code == 200, patched.text
    assert_conforms(patched, "updateAppDeployment", SPEC)

    async def moved() -> bool:
        zones = await http.get(nbi(nbi_op.url, "/appinstances"), headers=h)
        return {i["edgeCloudZoneId"] for i in zones.json()} == {Z2}

    await poll(moved)
    assert patched.json()["edgeCloudZones"] == [Z2]

    wrong_type = await http.patch(url, json={"edgeCloudZones": [Z1]}, headers=h)
    assert wrong_type.status_code == 415
    other = await headers(http, nbi_op.url, client=OTHER_CLIENT, secret=OTHER_SECRET)
    for method in ("PATCH", "DELETE"):
        foreign = await http.request(method, url, json={}, headers={**other, **MERGE})
        assert foreign.status_code == 404
    assert (await http.get(nbi(nbi_op.url, "/deployments"), headers=other)).json() == []

    deleted = await http.delete(url, headers=h)
    assert deleted.status_code == 202
    assert_conforms(deleted, "deleteAppDeployment", SPEC)

    async def empty() -> bool:
        left = await http.get(nbi(nbi_op.url, "/appinstances"), headers=h)
        return left.json() == []

    await poll(empty)
    assert (await http.get(nbi(nbi_op.url, "/deployments"), headers=h)).json() == []


async def test_deployment_errors(http: httpx.AsyncClient, nbi_op: RunningOp) -> None:
    h = await headers(http, nbi_op.url)
    app_id = await new_app(http, nbi_op, h)
    url = nbi(nbi_op.url, "/deployments")
    cases = [
        ({"appDeploymentName": "d1", "appId": UNKNOWN, "edgeCloudZones": [Z1]}, 404),
        ({"appDeploymentName": "d1", "appId": app_id, "edgeCloudZones": [UNKNOWN]}, 404),
        ({"appDeploymentName": "d1", "appId": app_id, "edgeCloudZones": [Z1, Z1]}, 400),
        ({"appDeploymentName": "d 1", "appId": app_id, "edgeCloudZones": [Z1]}, 400),
    ]
    for body, status in cases:
        response = await http.post(url, json=body, headers=h)
        assert response.status_code == status, (body, response.text)
        assert_conforms(response, "createAppDeployment", SPEC)
    elsewhere = await new_app(http, nbi_op, h, name="Elsewhere", edgeCloudProviders=[])
    refused = await http.post(
        url,
        json={"appDeploymentName": "d1", "appId": elsewhere, "edgeCloudZones": [Z1]},
        headers=h,
    )
    assert refused.status_code == 409
    missing = nbi(nbi_op.url, f"/deployments/{UNKNOWN}")
    gone = await http.patch(missing, json={"edgeCloudZones": []}, headers={**h, **MERGE})
    assert gone.status_code == 404
    assert_conforms(gone, "updateAppDeployment", SPEC)
    assert (await http.delete(missing, headers=h)).status_code == 404
    assert (await http.delete(nbi(nbi_op.url, "/deployments/bad"), headers=h)).status_code == 400
    bad_query = await http.get(url, headers=h, params={"appDeploymentId": "bad"})
    assert bad_query.status_code == 400


async def test_zones_and_clusters(http: httpx.AsyncClient, nbi_op: RunningOp) -> None:
    h = await headers(http, nbi_op.url)
    zones = await http.get(nbi(nbi_op.url, "/edge-cloud-zones"), headers=h)
    assert zones.status_code == 200
    assert_conforms(zones, "getEdgeCloudZones", SPEC)
    assert {z["edgeCloudZoneId"] for z in zones.json()} == {Z1, Z2}
    assert {z["edgeCloudProvider"] for z in zones.json()} == {"op-nbi"}
    east = await http.get(
        nbi(nbi_op.url, "/edge-cloud-zones"), headers=h, params={"region": "es-east"}
    )
    assert [z["edgeCloudZoneId"] for z in east.json()] == [Z2]
    inactive = await http.get(
        nbi(nbi_op.url, "/edge-cloud-zones"), headers=h, params={"status": "inactive"}
    )
    assert inactive.json() == []
    bad = await http.get(nbi(nbi_op.url, "/edge-cloud-zones"), headers=h, params={"status": "x"})
    assert bad.status_code == 400
    assert_conforms(bad, "getEdgeCloudZones", SPEC)

    clusters = await http.get(nbi(nbi_op.url, "/clusters"), headers=h)
    assert_conforms(clusters, "getClusters", SPEC)
    assert {c["edgeCloudZoneId"] for c in clusters.json()} == {Z1, Z2}
    ref = cluster_uuid("op-nbi", "zone-1")
    one = await http.get(nbi(nbi_op.url, "/clusters"), headers=h, params={"clusterRef": ref})
    assert [c["clusterRef"] for c in one.json()] == [ref]
    by_zone = await http.get(
        nbi(nbi_op.url, "/clusters"), headers=h, params={"edgeCloudZoneId": Z2}
    )
    assert [c["edgeCloudZoneId"] for c in by_zone.json()] == [Z2]
    assert (
        await http.get(nbi(nbi_op.url, "/clusters"), headers=h, params={"region": "nowhere"})
    ).json() == []
    bad_ref = await http.get(nbi(nbi_op.url, "/clusters"), headers=h, params={"clusterRef": "x"})
    assert bad_ref.status_code == 400
    assert_conforms(bad_ref, "getClusters", SPEC)


async def test_zone_answers_are_kept_per_query(
    http: httpx.AsyncClient, nbi_op: RunningOp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each query string's answer is made once and then served from memory until a zone
    changes; a refused query is refused every time, never kept."""
    h = await headers(http, nbi_op.url)
    url = nbi(nbi_op.url, "/edge-cloud-zones")
    made = 0
    wire = NbiZone.wire

    def counted(zone: NbiZone) -> object:
        nonlocal made
        made += 1
        return wire(zone)

    monkeypatch.setattr(NbiZone, "wire", counted)
    every = (await http.get(url, headers=h)).json()
    east = (await http.get(url, headers=h, params={"region": "es-east"})).json()
    assert [z["edgeCloudZoneId"] for z in east] == [Z2] and len(every) == 2
    assert made == 3
    assert (await http.get(url, headers=h)).json() == every
    assert (await http.get(url, headers=h, params={"region": "es-east"})).json() == east
    assert made == 3
    cached = len(nbi_op.app[PLATFORM].reads)
    for n in range(5):  # parameters the API ignores select the same answer: no new entry
        assert (await http.get(url, headers=h, params={f"x{n}": "1"})).json() == every
    assert made == 3 and len(nbi_op.app[PLATFORM].reads) == cached
    for _ in range(2):
        bad = await http.get(url, headers=h, params={"status": "x"})
        assert bad.status_code == 400
    async with nbi_op.app[PLATFORM].database.transaction() as session:
        row = await ZoneRepository(session).get("zone-2")
        assert row is not None
        row.region = "es-west"
        session.add(row)
    assert (await http.get(url, headers=h, params={"region": "es-east"})).json() == []
