"""CAMARA-shaped events of a NEF that exposes CAMARA APIs (SBI-NR ``/notifications/...``): a
bearer token with scope ``sbi-nr``; qos-status-changed ends a QoD session, and a
traffic-influence-change saying ``deleted`` makes the OP create the steering again."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
from sqlmodel import select

from mec_mocks.testing import wait_for
from op_platform.db.tables.network_rows import SteeringRow
from op_platform.keys import PLATFORM
from tests.helpers.auth import bearer, fetch_token
from tests.helpers.contract import assert_conforms
from tests.helpers.instances import federation_with_app
from tests.helpers.servers import TEST_CLIENT, TEST_SECRET
from tests.network.helpers import NefLab
from tests.network.qod_helpers import Qod
from tests.network.test_qod import create, heard
from tests.network.test_steering import install, steered

SPEC = "sbi-nr.yaml"
QOS = "/sbi-nr/v1/notifications/qos"
TI = "/sbi-nr/v1/notifications/traffic-influence"


def cloud_event(kind: str, data: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "source": "https://nef.example/camara",
        "specversion": "1.0",
        "type": f"org.camaraproject.{kind}",
        "datacontenttype": "application/json",
        "time": "2026-12-02T10:00:00Z",
        "data": data,
    }


async def nef_headers(http: httpx.AsyncClient, base: str, scope: str = "sbi-nr") -> dict[str, str]:
    return bearer(await fetch_token(http, base, TEST_CLIENT, TEST_SECRET, scope))


async def test_qos_status_changed_ends_the_session(http: httpx.AsyncClient, qod: Qod) -> None:
    base = qod.lab.op.url
    session = await create(http, qod, ue=3)
    sid = session["sessionId"]
    await heard(qod, sid, ("AVAILABLE", None))
    (held,) = await qod.lab.resources(http, "as-session-with-qos")
    event = cloud_event(
        "quality-on-demand.v1.qos-status-changed",
        {"sessionId": held["id"], "qosStatus": "UNAVAILABLE", "statusInfo": "NETWORK_TERMINATED"},
    )
    anonymous = await http.post(base + QOS, json=event)
    assert anonymous.status_code == 401
    assert_conforms(anonymous, "receiveQosStatusChanged", SPEC)
    wrong_scope = await nef_headers(http, base, "fed-mgmt")
    forbidden = await http.post(base + QOS, json=event, headers=wrong_scope)
    assert forbidden.status_code == 403
    assert_conforms(forbidden, "receiveQosStatusChanged", SPEC)

    headers = {**await nef_headers(http, base), "Content-Type": "application/cloudevents+json"}
    received = await http.post(base + QOS, json=event, headers=headers)
    assert received.status_code == 204, received.text
    assert_conforms(received, "receiveQosStatusChanged", SPEC)
    await heard(qod, sid, ("AVAILABLE", None), ("UNAVAILABLE", "NETWORK_TERMINATED"))
    again = await http.post(base + QOS, json=event, headers=headers)
    assert again.status_code == 404  # ended: the same event changes nothing more
    unknown = {**event, "data": {**event["data"], "sessionId": str(uuid.uuid4())}}
    missing = await http.post(base + QOS, json=unknown, headers=headers)
    assert missing.status_code == 404
    assert_conforms(missing, "receiveQosStatusChanged", SPEC)


async def test_deleted_traffic_influence_is_created_again(
    http: httpx.AsyncClient, lab: NefLab
) -> None:
    base = lab.op.url
    s = await federation_with_app(http, lab.op)
    await install(http, s)
    await steered(lab, http)

    async def ti_id() -> str | None:
        async with lab.op.app[PLATFORM].database.transaction() as session:
            rows = (await session.exec(select(SteeringRow))).all()
        return rows[0].ti_id if rows and rows[0].ti_id else None

    first = await wait_for(ti_id, what="the subscription id recorded")
    await http.delete(
        lab.nef.url + f"/3gpp-traffic-influence/v1/op-test/subscriptions/{first}"
    )  # no token: refused, the NEF keeps it; the event below says it is gone
    event = cloud_event(
        "traffic-influence.v1.traffic-influence-change",
        {"trafficInfluenceID": first, "state": "deleted"},
    )
    headers = await nef_headers(http, base)
    received = await http.post(base + TI, json=event, headers=headers)
    assert received.status_code == 204, received.text
    assert_conforms(received, "receiveTrafficInfluenceChanged", SPEC)

    async def recreated() -> bool:
        current = await ti_id()
        subs = await lab.resources(http, "traffic-influence")
        return current is not None and current != first and len(subs) == 2

    await wait_for(recreated, what="the steering subscription created again")
    unknown = {**event, "data": {"trafficInfluenceID": "nope", "state": "deleted"}}
    missing = await http.post(base + TI, json=unknown, headers=headers)
    assert missing.status_code == 404
    assert_conforms(missing, "receiveTrafficInfluenceChanged", SPEC)
