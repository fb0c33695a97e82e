"""NBI instances on local zones: lifecycle, CloudEvents in order, errors, ownership, contract."""

from __future__ import annotations

import httpx

from op_platform.services.identifiers import zone_uuid
from tests.helpers.contract import assert_conforms
from tests.helpers.servers import RunningOp
from tests.nbi.helpers import OTHER_CLIENT, OTHER_SECRET, Sink, headers, manifest, nbi, poll

SPEC = "nbi.yaml"
UNKNOWN = "3fa85f64-5717-4562-b3fc-2c963f66afa6"
ZONE = zone_uuid("op-nbi", "zone-1")


async def new_app(http: httpx.AsyncClient, op: RunningOp, h: dict[str, str], **kw: object) -> str:
    response = await http.post(nbi(op.url, "/apps"), json=manifest(**kw), headers=h)  # type: ignore[arg-type]
    assert response.status_code == 201, response.text
    return str(response.json()["appId"])


def instance_body(app_id: str, sink: Sink | None = None, zone: str = ZONE) -> dict[str, object]:
    body: dict[str, object] = {"name": "arena_local", "appId": app_id, "edgeCloudZoneId": zone}
    if sink is not None:
        body["subscriptionRequest"] = {"sink": sink.url}
    return body


async def test_local_instance_lifecycle(
    http: httpx.AsyncClient, nbi_op: RunningOp, sink: Sink
) -> None:
    h = await headers(http, nbi_op.url)
    app_id = await new_app(http, nbi_op, h)
    created = await http.post(
        nbi(nbi_op.url, "/appinstances"), json=instance_body(app_id, sink), headers=h
    )
    assert created.status_code == 202, created.text
    assert_conforms(created, "createAppInstance", SPEC)
    instance = created.json()
    assert instance["status"] == "instantiating" and instance["edgeCloudProvider"] == "op-nbi"
    instance_id = instance["appInstanceId"]

    async def ready() -> bool:
        return sink.statuses(instance_id)[-1:] == ["ready"]

    await poll(ready)
    assert sink.statuses(instance_id) == ["instantiating", "ready"]
    assert sink.authorizations == [None, None]
    listed = await http.get(
        nbi(nbi_op.url, "/appinstances"), headers=h, params={"appInstanceId": instance_id}
    )
    assert_conforms(listed, "getAppInstance", SPEC)
    (found,) = listed.json()
    assert found["status"] == "ready"
    assert found["componentEndpointInfo"][0]["interfaceId"] == "http_api"
    by_region = await http.get(
        nbi(nbi_op.url, "/appinstances"), headers=h, params={"region": "es-east"}
    )
    assert by_region.json() == []

    busy = await http.delete(nbi(nbi_op.url, f"/apps/{app_id}"), headers=h)
    assert busy.status_code == 409
    assert busy.json()["code"] == "CONFLICT"
    assert_conforms(busy, "deleteApp", SPEC)

    removed = await http.delete(nbi(nbi_op.url, f"/appinstances/{instance_id}"), headers=h)
    assert removed.status_code == 202
    assert_conforms(removed, "deleteAppInstance", SPEC)

    async def gone() -> bool:
        response = await http.get(nbi(nbi_op.url, "/appinstances"), headers=h)
        return response.json() == []

    await poll(gone)
    assert sink.statuses(instance_id) == ["instantiating", "ready", "terminating"]
    assert (await http.delete(nbi(nbi_op.url, f"/apps/{app_id}"), headers=h)).status_code == 204


async def test_create_instance_errors(http: httpx.AsyncClient, nbi_op: RunningOp) -> None:
    h = await headers(http, nbi_op.url)
    app_id = await new_app(http, nbi_op, h)
    url = nbi(nbi_op.url, "/appinstances")
    cases = [
        (instance_body(UNKNOWN), 404, "NOT_FOUND"),
        (instance_body(app_id, zone=UNKNOWN), 404, "NOT_FOUND"),
        ({"name": "x y", "appId": app_id, "edgeCloudZoneId": ZONE}, 400, "INVALID_ARGUMENT"),
        ({"appId": app_id}, 400, "INVALID_ARGUMENT"),
        (
            {**instance_body(app_id), "subscriptionRequest": {"sink": "http://plain"}},
            400,
            "INVALID_ARGUMENT",
        ),
    ]
    for body, status, code in cases:
        response = await http.post(url, json=body, headers=h)
        assert response.status_code == status, (body, response.text)
        assert response.json()["code"] == code
        assert_conforms(response, "createAppInstance", SPEC)
    # An app that does not target this OP cannot run on its zones.
    elsewhere = await new_app(http, nbi_op, h, name="Elsewhere", edgeCloudProviders=[])
    refused = await http.post(url, json=instance_body(elsewhere), headers=h)
    assert refused.status_code == 409
    assert "does not target" in refused.json()["message"]
    assert_conforms(refused, "createAppInstance", SPEC)


async def test_instances_belong_to_their_provider(
    http: httpx.AsyncClient, nbi_op: RunningOp
) -> None:
    h = await headers(http, nbi_op.url)
    app_id = await new_app(http, nbi_op, h)
    created = await http.post(
        nbi(nbi_op.url, "/appinstances"), json=instance_body(app_id), headers=h
    )
    instance_id = created.json()["appInstanceId"]
    other = await headers(http, nbi_op.url, client=OTHER_CLIENT, secret=OTHER_SECRET)
    assert (await http.get(nbi(nbi_op.url, "/appinstances"), headers=other)).json() == []
    foreign = await http.delete(nbi(nbi_op.url, f"/appinstances/{instance_id}"), headers=other)
    assert foreign.status_code == 404
    theirs = await http.post(
        nbi(nbi_op.url, "/appinstances"), json=instance_body(app_id), headers=other
    )
    assert theirs.status_code == 404  # another provider's app does not exist for them
    missing = await http.delete(nbi(nbi_op.url, f"/appinstances/{UNKNOWN}"), headers=h)
    assert missing.status_code == 404
    assert_conforms(missing, "deleteAppInstance", SPEC)
    bad = await http.delete(nbi(nbi_op.url, "/appinstances/nope"), headers=h)
    assert bad.status_code == 400
    bad_query = await http.get(
        nbi(nbi_op.url, "/appinstances"), headers=h, params={"appId": "nope"}
    )
    assert bad_query.status_code == 400
    assert_conforms(bad_query, "getAppInstance", SPEC)
