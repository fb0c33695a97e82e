"""The UNI sends a device to a ready local instance created through the NBI, at the endpoint the
NBI gives it (the EWBI access-point rule)."""

from __future__ import annotations

from typing import Any

import httpx

from op_platform.services.identifiers import zone_uuid
from op_platform.services.instances.partner_instances import hostname
from tests.conftest import OpFactory
from tests.helpers.contract import assert_conforms
from tests.nbi.helpers import clients, headers, manifest, nbi, poll
from tests.uni.helpers import uni_settings, url

FAST = {
    "outbox": {"poll_interval": 0.2, "base_delay": 0.1, "max_delay": 0.5},
    "instances": {"poll_interval": 0.1, "deploy_seconds": 0.2, "terminate_seconds": 0.2},
}
APP = {"appName": "ArenaGame", "appVersion": "2.1.0", "appProvider": "GameStudio01"}
BARCELONA_PHONE = "+34600000002"


async def test_nearest_is_a_ready_local_nbi_instance(
    start_ops: OpFactory, http: httpx.AsyncClient
) -> None:
    op = await start_ops("op-u", **uni_settings(clients=clients(), **FAST))
    h = await headers(http, op.url)
    created_app = await http.post(nbi(op.url, "/apps"), json=manifest(), headers=h)
    assert created_app.status_code == 201, created_app.text
    app_id = created_app.json()["appId"]
    registered = await http.post(url(op, "/clients/register"), json=APP)
    assert registered.status_code == 201, registered.text
    session = {"Authorization": f"Bearer {registered.json()['sessionToken']}"}
    where = {"device": {"phoneNumber": BARCELONA_PHONE}}
    nearest_url = url(op, "/app-instances/nearest")
    none_yet = await http.post(nearest_url, json=where, headers=session)
    assert none_yet.status_code == 404, none_yet.text
    assert_conforms(none_yet, "findNearestAppInstance", "uni.yaml")

    instances: dict[str, str] = {}
    for zone in ("zone-1", "zone-2"):
        body = {
            "name": f"arena_{zone[-1]}",
            "appId": app_id,
            "edgeCloudZoneId": zone_uuid("op-u", zone),
        }
        created = await http.post(nbi(op.url, "/appinstances"), json=body, headers=h)
        assert created.status_code == 202, created.text
        instances[zone] = created.json()["appInstanceId"]

    async def all_ready() -> list[dict[str, Any]] | None:
        listed = (await http.get(nbi(op.url, "/appinstances"), headers=h)).json()
        return listed if [i["status"] for i in listed] == ["ready", "ready"] else None

    listed = await poll(all_ready)
    in_barcelona = next(i for i in listed if i["appInstanceId"] == instances["zone-2"])
    (point,) = in_barcelona["componentEndpointInfo"]
    assert point == {
        "interfaceId": "http_api",
        "accessPoints": {"port": 8080, "fqdn": hostname(instances["zone-2"], "zone-2", "op-u")},
    }

    found = await http.post(nearest_url, json=where, headers=session)
    assert found.status_code == 200, found.text
    assert_conforms(found, "findNearestAppInstance", "uni.yaml")
    answer = found.json()
    assert answer["appInstanceId"] == instances["zone-2"]
    assert answer["appId"] == app_id
    assert answer["edgeCloudZoneId"] == zone_uuid("op-u", "zone-2")
    assert answer["edgeCloudZoneName"] == "Barcelona, ES"
    assert answer["edgeCloudProvider"] == "op-u"
    assert answer["endpoint"] == {"interfaceId": "http_api", **point["accessPoints"]}

    # Madrid device: the Madrid instance; once it is removed, Barcelona's is the nearest left.
    madrid = {"device": {"phoneNumber": "+34600000001"}}
    near_madrid = await http.post(nearest_url, json=madrid, headers=session)
    assert near_madrid.json()["appInstanceId"] == instances["zone-1"]
    removed = await http.delete(nbi(op.url, f"/appinstances/{instances['zone-1']}"), headers=h)
    assert removed.status_code == 202

    async def moved() -> bool:
        again = await http.post(nearest_url, json=madrid, headers=session)
        return bool(again.json().get("appInstanceId") == instances["zone-2"])

    await poll(moved)
