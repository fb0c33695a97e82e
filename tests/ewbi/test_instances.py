"""EWBI application instances, served: InstallApp, GetAppInstanceDetails, RemoveApp,
GetAllAppInstances, the PENDING -> READY | FAILED -> TERMINATING lifecycle and its callbacks."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from openapi_schema_validator import OAS30Validator
from sqlmodel import select

from op_platform.db.tables.instance_rows import AppInstanceRow, InstanceJobRow
from op_platform.db.tables.outbox_rows import OutboxMessage
from op_platform.db.zone_repository import ZoneRepository
from op_platform.keys import PLATFORM
from op_platform.models.ewbi import paths
from op_platform.services.instances.partner_instances import count_instances
from op_platform.services.instances.resource_pools import zone_usage
from op_platform.services.zones.flavours import Resources
from tests.helpers.applications import PROVIDER
from tests.helpers.contract import assert_conforms, load
from tests.helpers.federation import (
    Recorder,
    create_federation,
    federation_body,
    headers_for,
    wait_for,
)
from tests.helpers.instances import APP_ID, Setup, federation_with_app, install_body, set_zone
from tests.helpers.servers import TEST_CLIENT, TEST_SECRET, RunningOp

OTHER = {"client_id": "other-client", "client_secret": "other-secret", "scopes": ["fed-mgmt"]}
MINE = {"client_id": TEST_CLIENT, "client_secret": TEST_SECRET, "scopes": ["fed-mgmt"]}
EVENT = paths.ON_INSTANCE_STATUS_EVENT


@pytest.fixture
async def s(http: httpx.AsyncClient, op: RunningOp) -> Setup:
    return await federation_with_app(http, op)


def assert_schema(body: Any, name: str) -> None:
    doc = load("ewbi.yaml")
    schema = {"$ref": f"#/components/schemas/{name}", "components": doc["components"]}
    errors = list(OAS30Validator(schema).iter_errors(body))
    assert not errors, [e.message for e in errors]


def states(rec: Recorder, instance: str) -> list[str]:
    return [
        b["appInstanceInfo"]["appInstanceState"]
        for b in rec.bodies(EVENT)
        if b["appInstIdentifier"] == instance
    ]


async def install(http: httpx.AsyncClient, s: Setup, rec: Recorder, **kw: Any) -> httpx.Response:
    body = install_body(rec.url + EVENT, **kw)
    return await http.post(s.url(paths.lcm(s.ctx)), json=body, headers=s.headers)


async def install_ok(http: httpx.AsyncClient, s: Setup, rec: Recorder, **kw: Any) -> str:
    response = await install(http, s, rec, **kw)
    assert response.status_code == 202, response.text
    return str(response.json()["appInstIdentifier"])


def instance_url(s: Setup, instance: str, zone: str = "zone-1", app: str = APP_ID) -> str:
    return s.url(paths.app_instance(s.ctx, app, instance, zone))


async def usage(op: RunningOp, zone_id: str) -> Resources:
    async with op.app[PLATFORM].database.transaction() as session:
        zone = await ZoneRepository(session).get(zone_id)
        assert zone is not None
        return await zone_usage(session, zone)


async def test_install_reaches_ready_with_access_points_then_terminates(
    http: httpx.AsyncClient, s: Setup, recorder: Recorder
) -> None:
    response = await install(http, s, recorder)
    assert response.status_code == 202, response.text
    assert_conforms(response, "InstallApp")
    answer = response.json()
    assert answer["zoneId"] == "zone-1"
    instance = answer["appInstIdentifier"]
    assert await usage(s.op, "zone-1") == Resources(2, 4096, 20)

    await wait_for(lambda: states(recorder, instance) == ["PENDING", "READY"], what="READY")
    pending, ready = recorder.bodies(EVENT)
    for event in (pending, ready):
        assert_schema(event, "InstanceStatusEvent")
        assert event["federationContextId"] == s.ctx
        assert event["appId"] == APP_ID
        assert event["zoneId"] == "zone-1"
        assert "modificationDate" in event
    assert "accesspointInfo" not in pending["appInstanceInfo"]
    # Only the external interface is published, on its port, under the instance's name.
    fqdn = f"{instance.lower().replace('_', '-')}.zone-1.op-test.edge.example"
    expected = [{"interfaceId": "web_interface", "accessPoints": {"port": 8443, "fqdn": fqdn}}]
    assert ready["appInstanceInfo"]["accesspointInfo"] == expected

    details = await http.get(instance_url(s, instance), headers=s.headers)
    assert details.status_code == 200
    assert_conforms(details, "GetAppInstanceDetails")
    assert details.json() == {"appInstanceState": "READY", "accesspointInfo": expected}

    listing = await http.get(s.url(paths.app_instances(s.ctx, APP_ID, PROVIDER)), headers=s.headers)
    assert listing.status_code == 200
    assert_conforms(listing, "GetAllAppInstances")
    assert listing.json() == [
        {
            "zoneId": "zone-1",
            "appInstanceInfo": [{"appInstIdentifier": instance, "appInstanceState": "READY"}],
        }
    ]

    removed = await http.delete(instance_url(s, instance), headers=s.headers)
    assert removed.status_code == 200, removed.text
    assert_conforms(removed, "RemoveApp")
    await wait_for(lambda: states(recorder, instance)[-1:] == ["TERMINATING"], what="TERMINATING")

    async def gone() -> bool:
        r = await http.get(instance_url(s, instance), headers=s.headers)
        return r.status_code == 404

    await wait_for(gone, what="instance gone")
    assert await usage(s.op, "zone-1") == Resources()
    assert states(recorder, instance) == ["PENDING", "READY", "TERMINATING"]
    # Callbacks went out without credentials: the federation gave none.
    assert all(r.authorization is None for r in recorder.received)


async def test_client_supplied_instance_id_and_duplicates(
    http: httpx.AsyncClient, s: Setup, recorder: Recorder
) -> None:
    body = install_body(recorder.url + EVENT) | {"appInstanceId": "my_instance_01"}
    first = await http.post(s.url(paths.lcm(s.ctx)), json=body, headers=s.headers)
    assert first.status_code == 202
    assert first.json() == {"zoneId": "zone-1", "appInstIdentifier": "my_instance_01"}
    again = await http.post(s.url(paths.lcm(s.ctx)), json=body, headers=s.headers)
    assert again.status_code == 409
    assert_conforms(again, "InstallApp")
    assert again.json()["cause"] == "INSTANCE_EXISTS"
    async with s.op.app[PLATFORM].database.transaction() as session:
        assert await count_instances(session, s.ctx, APP_ID) == 1
        assert await count_instances(session, s.ctx, APP_ID, "zone-1") == 1
        assert await count_instances(session, s.ctx, APP_ID, "zone-2") == 0


async def test_install_errors(http: httpx.AsyncClient, s: Setup, recorder: Recorder) -> None:
    url = s.url(paths.lcm(s.ctx))
    good = install_body(recorder.url + EVENT)

    bad = install_body(recorder.url + EVENT)
    del bad["zoneInfo"]["flavourId"]
    r = await http.post(url, json=bad, headers=s.headers)
    assert r.status_code == 400
    assert_conforms(r, "InstallApp")
    assert [p["param"] for p in r.json()["invalidParams"]] == ["zoneInfo.flavourId"]
    r = await http.post(url, json=good | {"appInstanceId": "x"}, headers=s.headers)
    assert r.status_code == 400
    assert r.json()["invalidParams"][0]["param"] == "appInstanceId"

    r = await http.post(url, json=good)
    assert r.status_code == 401
    r = await http.post(s.url(paths.lcm("no-such-context")), json=good, headers=s.headers)
    assert r.status_code == 404
    assert_conforms(r, "InstallApp")

    async def expect_422(body: dict[str, Any], param: str | None = None) -> dict[str, Any]:
        response = await http.post(url, json=body, headers=s.headers)
        assert response.status_code == 422, response.text
        assert_conforms(response, "InstallApp")
        problem: dict[str, Any] = response.json()
        if param is not None:
            assert problem["invalidParams"][0]["param"] == param
        return problem

    await expect_422(install_body(recorder.url + EVENT, zone="zone-9"), "zoneId")
    await expect_422(
        install_body(recorder.url + EVENT)
        | {"zoneInfo": {"zoneId": "zone-1", "flavourId": "fl-huge"}},
        "zoneInfo.flavourId",
    )
    await expect_422(good | {"appId": "unknown_app_1"}, "appId")
    await expect_422(good | {"appVersion": "2.0"}, "appVersion")
    await expect_422(good | {"appProviderId": "another_provider"}, "appProviderId")
    await set_zone(s.op, s.ctx, "zone-2", status="PENDING")
    problem = await expect_422(install_body(recorder.url + EVENT, zone="zone-2"), "zoneId")
    assert problem["cause"] == "APP_NOT_ONBOARDED"
    await set_zone(s.op, s.ctx, "zone-2", status="ONBOARDED", forbidden=True)
    problem = await expect_422(install_body(recorder.url + EVENT, zone="zone-2"), "zoneId")
    assert problem["cause"] == "ZONE_FORBIDDEN"
    async with s.op.app[PLATFORM].database.transaction() as session:
        assert await count_instances(session, s.ctx, APP_ID) == 0


async def test_another_clients_context_is_not_found(
    http: httpx.AsyncClient, start_ops: Any, recorder: Recorder
) -> None:
    op = await start_ops(clients=[MINE, OTHER])
    s = await federation_with_app(http, op)
    instance = await install_ok(http, s, recorder)
    theirs = await headers_for(http, op.url, OTHER["client_id"], OTHER["client_secret"])
    body = install_body(recorder.url + EVENT)
    for method, url, kw in (
        ("POST", s.url(paths.lcm(s.ctx)), {"json": body}),
        ("GET", instance_url(s, instance), {}),
        ("DELETE", instance_url(s, instance), {}),
        ("GET", s.url(paths.app_instances(s.ctx, APP_ID, PROVIDER)), {}),
    ):
        r = await http.request(method, url, headers=theirs, **kw)
        assert r.status_code == 404, (method, url, r.text)
        assert r.json()["cause"] == "FEDERATION_CONTEXT_NOT_FOUND"
        assert "READY" not in r.text and "appInstanceState" not in r.text
    async with op.app[PLATFORM].database.transaction() as session:
        assert await count_instances(session, s.ctx, APP_ID) == 1


async def test_details_remove_and_list_errors(
    http: httpx.AsyncClient, s: Setup, recorder: Recorder
) -> None:
    r = await http.get(instance_url(s, "x"), headers=s.headers)
    assert r.status_code == 400
    assert r.json()["invalidParams"][0]["param"] == "path.appInstanceId"
    r = await http.delete(instance_url(s, "unknown_instance"), headers=s.headers)
    assert r.status_code == 404
    assert_conforms(r, "RemoveApp")
    r = await http.get(instance_url(s, "unknown_instance"), headers=s.headers)
    assert r.status_code == 404
    assert_conforms(r, "GetAppInstanceDetails")
    r = await http.get(instance_url(s, "unknown_instance"))
    assert r.status_code == 401

    listing = s.url(paths.app_instances(s.ctx, APP_ID, PROVIDER))
    r = await http.get(listing, headers=s.headers)
    assert r.status_code == 404 and r.json()["cause"] == "NO_INSTANCES"
    assert_conforms(r, "GetAllAppInstances")
    r = await http.get(
        s.url(paths.app_instances(s.ctx, "unknown_app_1", PROVIDER)), headers=s.headers
    )
    assert r.status_code == 404 and r.json()["cause"] == "APP_NOT_FOUND"
    r = await http.get(s.url(paths.app_instances(s.ctx, APP_ID, "x")), headers=s.headers)
    assert r.status_code == 400
    assert r.json()["invalidParams"][0]["param"] == "path.appProviderId"

    instance = await install_ok(http, s, recorder)
    # The instance is found only with its own app and zone.
    r = await http.get(instance_url(s, instance, zone="zone-2"), headers=s.headers)
    assert r.status_code == 404


async def test_remove_while_terminating_is_a_conflict(
    http: httpx.AsyncClient, start_ops: Any, recorder: Recorder
) -> None:
    op = await start_ops(instances={"terminate_seconds": 3600})
    s = await federation_with_app(http, op)
    instance = await install_ok(http, s, recorder)
    await wait_for(lambda: "READY" in states(recorder, instance), what="READY")
    assert (await http.delete(instance_url(s, instance), headers=s.headers)).status_code == 200
    r = await http.get(instance_url(s, instance), headers=s.headers)
    assert r.json() == {"appInstanceState": "TERMINATING"}
    again = await http.delete(instance_url(s, instance), headers=s.headers)
    assert again.status_code == 409
    assert_conforms(again, "RemoveApp")
    assert again.json()["cause"] == "INSTANCE_TERMINATING"


async def test_insufficient_capacity_fails_with_a_reason_and_removal_frees_room(
    http: httpx.AsyncClient, start_ops: Any, recorder: Recorder
) -> None:
    zone = {
        "zone_id": "zone-1",
        "geography_details": "Madrid, ES",
        "latitude": 40.4,
        "longitude": -3.7,
        "num_cpu": 4,
        "memory_mb": 8192,
        "storage_gb": 100,
    }
    op = await start_ops(zones=[zone])
    s = await federation_with_app(http, op, zones=("zone-1",))
    first = await install_ok(http, s, recorder)
    second = await install_ok(http, s, recorder)
    third = await install_ok(http, s, recorder)
    for inst in (first, second):
        await wait_for(lambda i=inst: states(recorder, i) == ["PENDING", "READY"], what="READY")
    await wait_for(lambda: states(recorder, third) == ["PENDING", "FAILED"], what="FAILED")
    failed = [b for b in recorder.bodies(EVENT) if b["appInstIdentifier"] == third][-1]
    assert "insufficient capacity" in failed["message"]
    assert "accesspointInfo" not in failed["appInstanceInfo"]
    assert await usage(op, "zone-1") == Resources(4, 8192, 40)
    r = await http.get(instance_url(s, third), headers=s.headers)
    assert r.json() == {"appInstanceState": "FAILED"}

    assert (await http.delete(instance_url(s, first), headers=s.headers)).status_code == 200

    async def freed() -> bool:
        return await usage(op, "zone-1") == Resources(2, 4096, 20)

    await wait_for(freed, what="capacity released")
    fourth = await install_ok(http, s, recorder)
    await wait_for(lambda: states(recorder, fourth) == ["PENDING", "READY"], what="READY")


async def test_restart_while_pending_still_reaches_ready_once(
    http: httpx.AsyncClient, start_ops: Any, recorder: Recorder
) -> None:
    op = await start_ops(instances={"enabled": False})
    s = await federation_with_app(http, op)
    instance = await install_ok(http, s, recorder)
    await wait_for(lambda: states(recorder, instance) == ["PENDING"], what="PENDING")
    async with op.app[PLATFORM].database.transaction() as session:
        jobs = (await session.exec(select(InstanceJobRow))).all()
    assert [job.action for job in jobs] == ["deploy"]

    assert op.settings is not None
    op.settings = op.settings.model_copy(
        update={"instances": op.settings.instances.model_copy(update={"enabled": True})}
    )
    await op.restart()
    await wait_for(lambda: states(recorder, instance) == ["PENDING", "READY"], what="READY")
    async with op.app[PLATFORM].database.transaction() as session:
        assert (await session.exec(select(InstanceJobRow))).all() == []
        messages = (await session.exec(select(OutboxMessage))).all()
        row = (await session.exec(select(AppInstanceRow))).one()
    assert row.state == "READY"
    ready = [
        m for m in messages if m.kind == "ewbi.onInstanceStatusEvent" and "READY" in (m.body or "")
    ]
    assert len(ready) == 1
    assert states(recorder, instance) == ["PENDING", "READY"]


async def test_deleting_the_federation_removes_its_instances(
    http: httpx.AsyncClient, s: Setup, recorder: Recorder
) -> None:
    await install_ok(http, s, recorder)
    r = await http.delete(s.url(paths.federation(s.ctx)), headers=s.headers)
    assert r.status_code == 200, r.text
    assert await usage(s.op, "zone-1") == Resources()
    async with s.op.app[PLATFORM].database.transaction() as session:
        assert (await session.exec(select(AppInstanceRow))).all() == []
        assert (await session.exec(select(InstanceJobRow))).all() == []


async def test_contexts_do_not_share_instances(
    http: httpx.AsyncClient, s: Setup, recorder: Recorder
) -> None:
    instance = await install_ok(http, s, recorder)
    body = federation_body("http://127.0.0.1:9", orig_id="op-second")
    other_ctx = (await create_federation(http, s.op.url, s.headers, body))["federationContextId"]
    other = Setup(s.op, s.headers, other_ctx)
    r = await http.get(instance_url(other, instance), headers=s.headers)
    assert r.status_code == 404 and r.json()["cause"] == "INSTANCE_NOT_FOUND"
