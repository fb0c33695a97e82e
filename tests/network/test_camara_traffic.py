"""CAMARA Traffic Influence r1.3 backed by the NEF: a resource for any user or one device
becomes a traffic influence subscription at the NEF with the routes of the consumer's READY
instances, its states reach the sink, deletion removes it at the NEF; CAMARA error codes."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from mec_mocks.common.recorder import Recorder
from mec_mocks.nef import paths as nef_paths
from mec_mocks.testing import Servers, wait_for
from op_platform.db.tables.nbi_rows import NbiAppRow, NbiInstanceRow
from op_platform.keys import PLATFORM
from op_platform.services.identifiers import zone_uuid
from tests.helpers.auth import bearer, fetch_token
from tests.helpers.contract import assert_conforms
from tests.helpers.servers import TEST_CLIENT, TEST_SECRET, TI_SCOPES
from tests.network.helpers import NefLab
from tests.network.qod_helpers import assert_error

SPEC = "traffic-influence.yaml"
ROOT = "/traffic-influence/v0.10"
APP = "5f0c1b8e-2a7e-4c55-8d0d-2f3c4b5a6978"
INSTANCE = "0b6c3c44-7d4c-4a4c-9b43-4f2a1d2e3f40"
TI = "traffic-influence"


@pytest.fixture
async def sink(servers: Servers) -> tuple[Recorder, str]:
    recorder, server = await servers.recorder(Recorder())
    return recorder, server.url + "/ti-events"


def instance(instance_id: str, name: str, zone: str, region: str) -> NbiInstanceRow:
    """A READY instance of the test client's app on one of the OP's zones."""
    return NbiInstanceRow(
        instance_id=instance_id,
        owner=TEST_CLIENT,
        app_id=APP,
        name=name,
        zone_id=zone,
        zone_uuid=zone_uuid("op-test", zone),
        provider="op-test",
        region=region,
        status="ready",
        endpoints=[{"interfaceId": "web", "accessPoints": {"port": 8443, "fqdn": f"{name}.ex"}}],
    )


async def setup(lab: NefLab, http: httpx.AsyncClient) -> dict[str, str]:
    """The test client's app with a READY instance in zone-1; its headers."""
    async with lab.op.app[PLATFORM].database.transaction() as session:
        session.add(
            NbiAppRow(
                app_id=APP, owner=TEST_CLIENT, name="arena", version="1", app_provider="Studio01"
            )
        )
        session.add(instance(INSTANCE, "arena_one", "zone-1", "es-central"))
    token = await fetch_token(http, lab.op.url, TEST_CLIENT, TEST_SECRET, " ".join(TI_SCOPES))
    return bearer(token)


def body(sink_url: str | None = None, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"apiConsumerId": "studio", "appId": APP}
    if sink_url is not None:
        data["subscriptionRequest"] = {
            "protocol": "HTTP",
            "sink": sink_url,
            "types": ["org.camaraproject.traffic-influence.v1.traffic-influence-change"],
            "config": {"subscriptionDetail": {}},
            "sinkCredential": {
                "credentialType": "ACCESSTOKEN",
                "accessToken": "ti-sink-token",
                "accessTokenExpiresUtc": "2099-01-01T00:00:00Z",
                "accessTokenType": "bearer",
            },
        }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def states(recorder: Recorder, ti_id: str) -> list[str]:
    return [
        r.body["data"]["state"]
        for r in recorder.received
        if r.body["data"]["trafficInfluenceID"] == ti_id
    ]


async def test_any_user_steered_then_deleted(
    http: httpx.AsyncClient, lab: NefLab, sink: tuple[Recorder, str], sent: list[str]
) -> None:
    recorder, sink_url = sink
    headers = await setup(lab, http)
    zone = zone_uuid("op-test", "zone-1")
    created = await http.post(
        lab.op.url + ROOT + "/traffic-influences",
        json=body(sink_url, edgeCloudZoneId=zone),
        headers=headers,
    )
    assert created.status_code == 201, created.text
    assert_conforms(created, "postTrafficInfluence", SPEC)
    resource = created.json()
    ti_id = resource["trafficInfluenceID"]
    assert resource["state"] == "ordered"
    assert created.headers["Location"].endswith(f"/traffic-influences/{ti_id}")

    async def active() -> bool:
        return states(recorder, ti_id) == ["active"]

    await wait_for(active, what="the resource active")
    assert {r.headers["Authorization"] for r in recorder.received} == {"Bearer ti-sink-token"}
    (held,) = [r for r in await lab.resources(http, TI) if r["body"].get("afTransId") == ti_id]
    assert held["body"]["afAppId"] == APP and held["body"]["anyUeInd"] is True
    assert [r["dnai"] for r in held["body"]["trafficRoutes"]] == ["dnai-madrid"]
    read = await http.get(lab.op.url + ROOT + f"/traffic-influences/{ti_id}", headers=headers)
    assert read.json()["state"] == "active"
    assert_conforms(read, "getAllTrafficInfluences", SPEC)
    listed = await http.get(
        lab.op.url + ROOT + "/traffic-influences", params={"appId": APP}, headers=headers
    )
    assert [r["trafficInfluenceID"] for r in listed.json()] == [ti_id]
    assert_conforms(listed, "getTrafficInfluence", SPEC)

    deleted = await http.delete(lab.op.url + ROOT + f"/traffic-influences/{ti_id}", headers=headers)
    assert deleted.status_code == 202
    assert_conforms(deleted, "deleteTrafficInfluence", SPEC)

    async def gone() -> bool:
        return states(recorder, ti_id) == ["active", "deletion in progress", "deleted"]

    await wait_for(gone, what="the resource deleted")
    assert not [r for r in await lab.resources(http, TI) if r["body"].get("afTransId") == ti_id]
    again = await http.get(lab.op.url + ROOT + f"/traffic-influences/{ti_id}", headers=headers)
    assert_error(again, "getAllTrafficInfluences", 404, "NOT_FOUND", SPEC)
    assert {"CreateNewSubscription", "DeleteAnSubscription"} <= set(sent)


async def test_one_device_and_nef_down(http: httpx.AsyncClient, lab: NefLab) -> None:
    headers = await setup(lab, http)
    await lab.admin(http, "POST", nef_paths.ADMIN_DOWN, json={})
    created = await http.post(
        lab.op.url + ROOT + "/traffic-influence-devices",
        json=body(device={"phoneNumber": "+33610000002"}),
        headers=headers,
    )
    assert created.status_code == 201, created.text
    assert_conforms(created, "postTrafficInfluenceDevice", SPEC)
    ti_id = created.json()["trafficInfluenceID"]
    await lab.admin(http, "POST", nef_paths.ADMIN_UP)

    async def active() -> bool:
        read = await http.get(lab.op.url + ROOT + f"/traffic-influences/{ti_id}", headers=headers)
        return bool(read.json()["state"] == "active")

    await wait_for(active, what="the resource active once the NEF is back")
    (held,) = [r for r in await lab.resources(http, TI) if r["body"].get("afTransId") == ti_id]
    assert held["body"]["gpsi"] == "msisdn-33610000002" and "anyUeInd" not in held["body"]


@pytest.mark.parametrize(
    ("path", "change", "status", "code"),
    [
        ("/traffic-influences", {"appId": "not-a-uuid"}, 400, "INVALID_ARGUMENT"),
        ("/traffic-influences", {"apiConsumerId": None}, 400, "INVALID_ARGUMENT"),
        (
            "/traffic-influences",
            {"appId": "6b29fc40-ca47-4067-b31d-00dd010662da"},
            404,
            "NOT_FOUND",
        ),
        (
            "/traffic-influences",
            {"edgeCloudZoneId": zone_uuid("op-test", "zone-2")},
            422,
            "SERVICE_NOT_APPLICABLE",
        ),
        ("/traffic-influence-devices", {}, 422, "MISSING_IDENTIFIER"),
        (
            "/traffic-influence-devices",
            {"device": {"networkAccessIdentifier": "a@b"}},
            422,
            "UNSUPPORTED_IDENTIFIER",
        ),
    ],
)
async def test_create_errors(
    http: httpx.AsyncClient,
    lab: NefLab,
    path: str,
    change: dict[str, Any],
    status: int,
    code: str,
) -> None:
    headers = await setup(lab, http)
    response = await http.post(lab.op.url + ROOT + path, json=body(**change), headers=headers)
    op = "postTrafficInfluence" if path == "/traffic-influences" else "postTrafficInfluenceDevice"
    assert_error(response, op, status, code, SPEC)
    held = await lab.resources(http, TI)  # only the instance's own steering
    assert all(r["body"]["afTransId"].startswith("nbi:") for r in held)


INSTANCE_2 = "0b6c3c44-7d4c-4a4c-9b43-4f2a1d2e3f41"


async def second_instance(lab: NefLab) -> None:
    """A READY instance of the app in zone-2 (DNAI dnai-barcelona)."""
    async with lab.op.app[PLATFORM].database.transaction() as session:
        session.add(instance(INSTANCE_2, "arena_two", "zone-2", "es-east"))


async def read_state(http: httpx.AsyncClient, lab: NefLab, ti_id: str, headers: Any) -> str:
    read = await http.get(lab.op.url + ROOT + f"/traffic-influences/{ti_id}", headers=headers)
    return str(read.json()["state"])


async def test_patch_moves_an_active_resource_to_other_instances(
    http: httpx.AsyncClient, lab: NefLab, sink: tuple[Recorder, str]
) -> None:
    recorder, sink_url = sink
    headers = await setup(lab, http)
    await second_instance(lab)
    zone_1, zone_2 = zone_uuid("op-test", "zone-1"), zone_uuid("op-test", "zone-2")
    created = await http.post(
        lab.op.url + ROOT + "/traffic-influences",
        json=body(sink_url, edgeCloudZoneId=zone_1),
        headers=headers,
    )
    ti_id = created.json()["trafficInfluenceID"]

    async def is_active() -> bool:
        return await read_state(http, lab, ti_id, headers) == "active"

    await wait_for(is_active, what="the resource active")
    url = lab.op.url + ROOT + f"/traffic-influences/{ti_id}"
    patched = await http.patch(url, json=body(sink_url, edgeCloudZoneId=zone_2), headers=headers)
    assert patched.status_code == 200, patched.text
    assert_conforms(patched, "patchTrafficInfluence", SPEC)
    assert patched.json()["state"] == "ordered"
    assert patched.json()["edgeCloudZoneId"] == zone_2
    await wait_for(is_active, what="the resource active again")
    (held,) = [r for r in await lab.resources(http, TI) if r["body"].get("afTransId") == ti_id]
    assert [r["dnai"] for r in held["body"]["trafficRoutes"]] == ["dnai-barcelona"]

    async def told() -> bool:
        return states(recorder, ti_id) == ["active", "ordered", "active"]

    await wait_for(told, what="the sink told each state")


async def test_patch_errors(http: httpx.AsyncClient, lab: NefLab) -> None:
    headers = await setup(lab, http)
    await lab.admin(http, "POST", nef_paths.ADMIN_DOWN, json={})
    created = await http.post(
        lab.op.url + ROOT + "/traffic-influences", json=body(), headers=headers
    )
    ti_id = created.json()["trafficInfluenceID"]
    url = lab.op.url + ROOT + f"/traffic-influences/{ti_id}"
    waiting = await http.patch(url, json=body(), headers=headers)
    assert_error(waiting, "patchTrafficInfluence", 409, "DENIED_WAIT", SPEC)
    await lab.admin(http, "POST", nef_paths.ADMIN_UP)

    async def is_active() -> bool:
        return await read_state(http, lab, ti_id, headers) == "active"

    await wait_for(is_active, what="the resource active once the NEF is back")
    other_app = body(appId="6b29fc40-ca47-4067-b31d-00dd010662da")
    changed_app = await http.patch(url, json=other_app, headers=headers)
    assert_error(changed_app, "patchTrafficInfluence", 400, "INVALID_ARGUMENT", SPEC)
    device = body(device={"phoneNumber": "+33610000002"})
    changed_device = await http.patch(url, json=device, headers=headers)
    assert_error(changed_device, "patchTrafficInfluence", 400, "INVALID_ARGUMENT", SPEC)
    nowhere = body(edgeCloudZoneId=zone_uuid("op-test", "zone-2"))
    no_instance = await http.patch(url, json=nowhere, headers=headers)
    assert_error(no_instance, "patchTrafficInfluence", 422, "SERVICE_NOT_APPLICABLE", SPEC)
    unknown = await http.patch(url[: -len(ti_id)] + "x", json=body(), headers=headers)
    assert_error(unknown, "patchTrafficInfluence", 404, "NOT_FOUND", SPEC)
    assert await read_state(http, lab, ti_id, headers) == "active"  # nothing changed
