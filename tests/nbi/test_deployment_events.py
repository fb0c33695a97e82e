"""Deployment CloudEvents: the aggregate status of a deployment's instances, at its sink, after
the instance events that caused it, in order."""

from __future__ import annotations

import httpx
from openapi_schema_validator import OAS30Validator

from op_platform.services.identifiers import zone_uuid
from tests.helpers.contract import load
from tests.helpers.servers import RunningOp
from tests.nbi.helpers import Sink, headers, nbi, poll
from tests.nbi.test_instances import new_app

Z1, Z2 = zone_uuid("op-nbi", "zone-1"), zone_uuid("op-nbi", "zone-2")
DEPLOYMENT_EVENT = "org.camaraproject.edge-application-management.v0.app-deployment-status-change"
MERGE = {"Content-Type": "application/merge-patch+json"}


def callback_schema_errors(body: object) -> list[str]:
    doc = load("nbi.yaml")
    callback = doc["components"]["callbacks"]["onAppDeploymentStatusChange"]
    (path,) = callback.values()
    schema = path["post"]["requestBody"]["content"]["application/cloudevents+json"]["schema"]
    validator = OAS30Validator({**schema, "components": doc["components"]})
    return [e.message for e in validator.iter_errors(body)]


async def test_deployment_status_events_in_order(
    http: httpx.AsyncClient, nbi_op: RunningOp, sink: Sink
) -> None:
    h = await headers(http, nbi_op.url)
    app_id = await new_app(http, nbi_op, h)
    body = {
        "appDeploymentName": "arena_dep",
        "appId": app_id,
        "edgeCloudZones": [Z1, Z2],
        "subscriptionRequest": {"sink": sink.url},
    }
    created = await http.post(nbi(nbi_op.url, "/deployments"), json=body, headers=h)
    assert created.status_code == 202, created.text
    dep_id = created.json()["appDeploymentId"]

    async def ready() -> bool:
        return sink.deployment_statuses(dep_id)[-1:] == ["ready"]

    await poll(ready)
    assert sink.deployment_statuses(dep_id) == ["instantiating", "ready"]
    batches = [e for e in sink.events if isinstance(e, list)]
    for batch in batches:
        assert callback_schema_errors(batch) == []
        (event,) = batch
        assert event["type"] == DEPLOYMENT_EVENT
        assert event["source"].endswith(f"/deployments/{dep_id}")
        assert event["data"]["appId"] == app_id
    assert sink.content_types[-1] == "application/cloudevents+json"
    instances = sorted(batches[-1][0]["data"]["appInstances"])
    assert len(instances) == 2
    # "ready" comes after both instances' own "ready" events.
    order = [
        ("deployment", e[0]["data"]["status"])
        if isinstance(e, list)
        else (e["data"]["appInstanceId"], e["data"]["status"])
        for e in sink.events
    ]
    ready_at = order.index(("deployment", "ready"))
    for instance_id in instances:
        assert order.index((instance_id, "ready")) < ready_at

    # Dropping a zone changes nothing (the instance left is ready); adding one: instantiating
    # again until its new instance is ready.
    url = nbi(nbi_op.url, f"/deployments/{dep_id}")
    patched = await http.patch(url, json={"edgeCloudZones": [Z1]}, headers={**h, **MERGE})
    assert patched.status_code == 200, patched.text
    patched = await http.patch(url, json={"edgeCloudZones": [Z1, Z2]}, headers={**h, **MERGE})
    assert patched.status_code == 200, patched.text

    async def ready_again() -> bool:
        return (
            sink.deployment_statuses(dep_id)[-1:] == ["ready"]
            and len(sink.deployment_statuses(dep_id)) > 2
        )

    await poll(ready_again)
    assert sink.deployment_statuses(dep_id) == ["instantiating", "ready", "instantiating", "ready"]

    removed = await http.delete(url, headers=h)
    assert removed.status_code == 202

    async def gone() -> bool:
        listed = await http.get(nbi(nbi_op.url, "/appinstances"), headers=h)
        return listed.json() == [] and sink.deployment_statuses(dep_id)[-1:] == ["terminating"]

    await poll(gone)
    assert sink.deployment_statuses(dep_id)[-1] == "terminating"
    assert sink.deployment_statuses(dep_id).count("terminating") == 1


def test_aggregate_rule() -> None:
    from op_platform.services.instances.provider_events import aggregate

    assert aggregate([]) is None
    assert aggregate(["ready", "ready"]) == "ready"
    assert aggregate(["ready", "instantiating"]) == "instantiating"
    assert aggregate(["ready", "terminating"]) == "instantiating"
    assert aggregate(["ready", "failed", "instantiating"]) == "failed"
