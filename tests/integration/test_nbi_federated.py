"""The NBI over two federated operators: an app submitted at OP1 reaches OP2 over the EWBI, an
instance in an OP2 zone becomes READY with its CloudEvents at the provider's sink, and OP1 lists
OP2's zones and follows their status."""

from __future__ import annotations

import ssl
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlmodel import select

from op_platform.app import create_app
from op_platform.db.tables import AppZoneRow
from op_platform.demo.edge import NODES, PASSWORD, USER
from op_platform.demo.topology import Operator, Server, start_all, stop_all
from op_platform.keys import PLATFORM
from op_platform.services.identifiers import camara_to_ewbi, zone_uuid
from tests.helpers.contract import assert_conforms
from tests.helpers.servers import NBI_SCOPES, TEST_CLIENT, TEST_SECRET
from tests.integration.flow_helpers import federate, operators
from tests.nbi.helpers import Sink, headers, manifest, nbi, poll

SPEC = "nbi.yaml"


def _provider_clients(ops: list[Operator]) -> None:
    """OP1 also serves an app provider (the test client with every NBI scope)."""
    first = ops[0]
    first.settings = first.settings.model_copy(
        update={
            "clients": [
                *first.settings.clients,
                type(first.settings.clients[0]).model_validate(
                    {"client_id": TEST_CLIENT, "client_secret": TEST_SECRET, "scopes": NBI_SCOPES}
                ),
            ]
        }
    )


@pytest.fixture
async def pair(
    tmp_path: Path, new_database: Callable[[str], Awaitable[str]]
) -> AsyncIterator[tuple[list[Operator], Sink]]:
    sink = await Sink(tmp_path).start()
    fast = {"instances": {"poll_interval": 0.1, "deploy_seconds": 0.3, "terminate_seconds": 0.1}}
    ops = await operators(tmp_path, new_database, overrides={"op-1": fast, "op-2": fast})
    _provider_clients(ops)
    async with sink.client() as client:
        one = ops[0]
        one.op = Server(one.op.name, one.op.port, lambda: create_app(one.settings, http=client))
        await start_all(ops)
        try:
            await federate(ops[0], ops[1])  # zones are subscribed on the first install
            await federate(ops[1], ops[0], subscribe=True)
            yield ops, sink
        finally:
            await stop_all(ops)
            await sink.stop()


def _app(operator: Operator) -> Any:
    assert operator.op.app is not None
    return operator.op.app


async def partner_zones(operator: Operator, app_id: str) -> dict[str, str]:
    """zone -> EWBI onboarding state of the NBI app at ``operator``."""
    async with _app(operator)[PLATFORM].database.transaction() as session:
        query = select(AppZoneRow).where(AppZoneRow.app_id == camara_to_ewbi(app_id))
        return {row.zone_id: row.status for row in (await session.exec(query)).all()}


async def test_app_onboarded_at_partner_and_instance_ready(
    pair: tuple[list[Operator], Sink], http: httpx.AsyncClient
) -> None:
    (one, two), sink = pair
    h = await headers(http, one.op.url)
    submitted = await http.post(nbi(one.op.url, "/apps"), json=manifest(), headers=h)
    assert submitted.status_code == 201, submitted.text
    app_id = submitted.json()["appId"]

    async def onboarded_at_one() -> dict[str, Any] | None:
        shown = await http.get(nbi(one.op.url, f"/apps/{app_id}"), headers=h)
        assert_conforms(shown, "getApp", SPEC)
        found = {s["edgeCloudProvider"]: s for s in shown.json()["appOnboardingStatus"]}
        assert found.get("op-2", {}).get("status") != "failed", found
        return found if found.get("op-2", {}).get("status") == "onboarded" else None

    statuses = await poll(onboarded_at_one)
    assert statuses["op-1"]["status"] == "onboarded"
    zones = await partner_zones(two, app_id)
    assert zones and set(zones.values()) == {"ONBOARDED"}

    two_zone = two.settings.zones[0].zone_id
    body = {
        "name": "arena_at_two",
        "appId": app_id,
        "edgeCloudZoneId": zone_uuid("op-2", two_zone),
        "subscriptionRequest": {
            "sink": sink.url,
            "sinkCredential": {
                "credentialType": "ACCESSTOKEN",
                "accessToken": "sink-token-1",
                "accessTokenExpiresUtc": "2099-01-01T00:00:00Z",
                "accessTokenType": "bearer",
            },
            "types": [
                "org.camaraproject.edge-application-management.v0.app-instance-status-change"
            ],
        },
    }
    created = await http.post(nbi(one.op.url, "/appinstances"), json=body, headers=h)
    assert created.status_code == 202, created.text
    assert_conforms(created, "createAppInstance", SPEC)
    instance = created.json()
    assert instance["edgeCloudProvider"] == "op-2"
    instance_id = instance["appInstanceId"]
    assert created.headers["Location"].endswith(f"/appinstances/{instance_id}")

    async def ready() -> list[str] | None:
        statuses = sink.statuses(instance_id)
        return statuses if statuses and statuses[-1] == "ready" else None

    seen = await poll(ready)
    assert seen[0] == "instantiating" and set(seen) == {"instantiating", "ready"}
    assert seen.index("ready") == len(seen) - 1  # instantiating... then ready, in order
    last = [e for e in sink.events if e["data"]["appInstanceId"] == instance_id][-1]
    assert last["type"] == (
        "org.camaraproject.edge-application-management.v0.app-instance-status-change"
    )
    assert last["specversion"] == "1.0" and last["id"] and last["time"] and last["source"]
    assert last["data"]["componentEndpointInfo"][0]["accessPoints"]["port"] == 8080
    assert set(sink.authorizations) == {"Bearer sink-token-1"}
    assert set(sink.content_types) == {"application/cloudevents+json"}

    listed = await http.get(nbi(one.op.url, "/appinstances"), headers=h, params={"appId": app_id})
    assert_conforms(listed, "getAppInstance", SPEC)
    assert [i["status"] for i in listed.json()] == ["ready"]

    # Removing it: RemoveApp at OP2, then the instance is gone and the app can be deleted.
    removed = await http.delete(nbi(one.op.url, f"/appinstances/{instance_id}"), headers=h)
    assert removed.status_code == 202
    assert_conforms(removed, "deleteAppInstance", SPEC)

    async def gone() -> bool:
        listed = await http.get(nbi(one.op.url, "/appinstances"), headers=h)
        return listed.json() == []

    await poll(gone)
    deleted = await http.delete(nbi(one.op.url, f"/apps/{app_id}"), headers=h)
    assert deleted.status_code == 202

    async def deboarded() -> bool:
        rows = await partner_zones(two, app_id)
        return set(rows.values()) <= {"REMOVED", "DEBOARDING"}

    await poll(deboarded)


async def test_zones_of_both_operators_and_status_follows_partner(
    pair: tuple[list[Operator], Sink], http: httpx.AsyncClient
) -> None:
    (one, two), _ = pair
    h = await headers(http, one.op.url)
    listed = await http.get(nbi(one.op.url, "/edge-cloud-zones"), headers=h)
    assert listed.status_code == 200
    assert_conforms(listed, "getEdgeCloudZones", SPEC)
    providers = {z["edgeCloudProvider"] for z in listed.json()}
    assert providers == {"op-1", "op-2"}
    mine = {z.zone_id for z in one.settings.zones}
    theirs = {z.zone_id for z in two.settings.zones}
    ids = {z["edgeCloudZoneId"] for z in listed.json()}
    assert ids == {zone_uuid("op-1", z) for z in mine} | {zone_uuid("op-2", z) for z in theirs}
    assert {z["edgeCloudZoneStatus"] for z in listed.json()} == {"active"}

    only_two = await http.get(
        nbi(one.op.url, "/edge-cloud-zones"), headers=h, params={"edgeCloudProvider": "op-2"}
    )
    assert {z["edgeCloudProvider"] for z in only_two.json()} == {"op-2"}
    clusters = await http.get(nbi(one.op.url, "/clusters"), headers=h)
    assert_conforms(clusters, "getClusters", SPEC)
    assert {c["edgeCloudZoneId"] for c in clusters.json()} == ids

    # Every server of op-2's first zone powered off at its edge site: op-2 sees it (its zone
    # follows its nodes) and tells op-1, whose NBI then shows the zone inactive.
    site = two.sites[0][0]
    down = site.zone_id
    assert down == two.settings.zones[0].zone_id
    verify = ssl.create_default_context(cafile=str(site.ca_file))
    async with httpx.AsyncClient(base_url=site.url, auth=(USER, PASSWORD), verify=verify) as gw:
        for n in range(1, NODES + 1):
            off = await gw.post(f"/admin/nodes/node{n}/power", json={"state": "off"})
            assert off.status_code == 200, off.text

    async def inactive() -> bool:
        found = await http.get(
            nbi(one.op.url, "/edge-cloud-zones"), headers=h, params={"status": "inactive"}
        )
        return [z["edgeCloudZoneId"] for z in found.json()] == [zone_uuid("op-2", down)]

    await poll(inactive)
