"""The same instance or deployment asked for twice is 409 ALREADY_EXISTS, not a twin; a deleted
one is 410 GONE (a tombstone remains), one that never existed stays 404."""

from __future__ import annotations

import asyncio

import httpx

from op_platform.services.identifiers import zone_uuid
from tests.helpers.contract import assert_conforms
from tests.helpers.servers import RunningOp
from tests.nbi.helpers import OTHER_CLIENT, OTHER_SECRET, headers, nbi, poll
from tests.nbi.test_instances import UNKNOWN, new_app

SPEC = "nbi.yaml"
Z1, Z2 = (zone_uuid("op-nbi", z) for z in ("zone-1", "zone-2"))
MERGE = {"Content-Type": "application/merge-patch+json"}


async def test_same_instance_twice_is_409(http: httpx.AsyncClient, nbi_op: RunningOp) -> None:
    h = await headers(http, nbi_op.url)
    app_id = await new_app(http, nbi_op, h)
    body = {"name": "arena_one", "appId": app_id, "edgeCloudZoneId": Z1}
    url = nbi(nbi_op.url, "/appinstances")
    answers = await asyncio.gather(*(http.post(url, json=body, headers=h) for _ in range(3)))
    assert sorted(a.status_code for a in answers) == [202, 409, 409]
    again = next(a for a in answers if a.status_code == 409)
    assert again.json()["code"] == "ALREADY_EXISTS"
    assert_conforms(again, "createAppInstance", SPEC)
    assert len((await http.get(url, headers=h)).json()) == 1
    other_zone = await http.post(url, json={**body, "edgeCloudZoneId": Z2}, headers=h)
    assert other_zone.status_code == 202
    other_name = await http.post(url, json={**body, "name": "arena_two"}, headers=h)
    assert other_name.status_code == 202


async def test_same_deployment_twice_is_409(http: httpx.AsyncClient, nbi_op: RunningOp) -> None:
    h = await headers(http, nbi_op.url)
    app_id = await new_app(http, nbi_op, h)
    body = {"appDeploymentName": "arena_dep", "appId": app_id, "edgeCloudZones": [Z1]}
    url = nbi(nbi_op.url, "/deployments")
    answers = await asyncio.gather(*(http.post(url, json=body, headers=h) for _ in range(3)))
    assert sorted(a.status_code for a in answers) == [202, 409, 409]
    again = next(a for a in answers if a.status_code == 409)
    assert again.json()["code"] == "ALREADY_EXISTS"
    assert_conforms(again, "createAppDeployment", SPEC)
    assert len((await http.get(url, headers=h)).json()) == 1
    assert len((await http.get(nbi(nbi_op.url, "/appinstances"), headers=h)).json()) == 1


async def test_deleted_instance_is_410(http: httpx.AsyncClient, nbi_op: RunningOp) -> None:
    h = await headers(http, nbi_op.url)
    app_id = await new_app(http, nbi_op, h)
    body = {"name": "arena_one", "appId": app_id, "edgeCloudZoneId": Z1}
    created = await http.post(nbi(nbi_op.url, "/appinstances"), json=body, headers=h)
    instance_id = created.json()["appInstanceId"]
    url = nbi(nbi_op.url, f"/appinstances/{instance_id}")
    assert (await http.delete(url, headers=h)).status_code == 202

    async def gone() -> httpx.Response | None:
        response = await http.get(
            nbi(nbi_op.url, "/appinstances"), params={"appInstanceId": instance_id}, headers=h
        )
        return response if response.status_code == 410 else None

    listed = await poll(gone)
    assert listed.json()["code"] == "GONE"
    assert_conforms(listed, "getAppInstance", SPEC)
    deleted = await http.delete(url, headers=h)
    assert deleted.status_code == 410
    assert_conforms(deleted, "deleteAppInstance", SPEC)
    never = await http.delete(nbi(nbi_op.url, f"/appinstances/{UNKNOWN}"), headers=h)
    assert never.status_code == 404
    unknown = await http.get(
        nbi(nbi_op.url, "/appinstances"), params={"appInstanceId": UNKNOWN}, headers=h
    )
    assert unknown.status_code == 200 and unknown.json() == []
    other = await headers(http, nbi_op.url, client=OTHER_CLIENT, secret=OTHER_SECRET)
    assert (await http.delete(url, headers=other)).status_code == 404  # not theirs: no news
    again = await http.post(nbi(nbi_op.url, "/appinstances"), json=body, headers=h)
    assert again.status_code == 202  # the name is free once the instance is gone


async def test_deleted_deployment_is_410(http: httpx.AsyncClient, nbi_op: RunningOp) -> None:
    h = await headers(http, nbi_op.url)
    app_id = await new_app(http, nbi_op, h)
    body = {"appDeploymentName": "arena_dep", "appId": app_id, "edgeCloudZones": [Z1]}
    created = await http.post(nbi(nbi_op.url, "/deployments"), json=body, headers=h)
    deployment_id = created.json()["appDeploymentId"]
    url = nbi(nbi_op.url, f"/deployments/{deployment_id}")
    assert (await http.delete(url, headers=h)).status_code == 202
    listed = await http.get(
        nbi(nbi_op.url, "/deployments"), params={"appDeploymentId": deployment_id}, headers=h
    )
    assert listed.status_code == 410
    assert listed.json()["code"] == "GONE"
    assert_conforms(listed, "getAppDeployments", SPEC)
    for method, operation in (("DELETE", "deleteAppDeployment"), ("PATCH", "updateAppDeployment")):
        response = await http.request(
            method, url, json={"appDeploymentName": "renamed"}, headers={**h, **MERGE}
        )
        assert response.status_code == 410, response.text
        assert_conforms(response, operation, SPEC)
    never = await http.delete(nbi(nbi_op.url, f"/deployments/{UNKNOWN}"), headers=h)
    assert never.status_code == 404
    other = await headers(http, nbi_op.url, client=OTHER_CLIENT, secret=OTHER_SECRET)
    assert (await http.delete(url, headers=other)).status_code == 404
