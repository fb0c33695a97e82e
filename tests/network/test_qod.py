"""CAMARA Quality-on-Demand backed by the NEF (must-show 2): a session reaches the NEF, the
sink hears QOS_STATUS_CHANGED when the NEF reports, the session ends at its duration, and every
error case answers the code of the r3.2 file."""

from __future__ import annotations

from typing import Any

import httpx
from openapi_schema_validator import OAS30Validator

from mec_mocks.nef import paths as nef_paths
from mec_mocks.testing import wait_for
from tests.helpers.contract import assert_conforms, load
from tests.network.qod_helpers import SINK_TOKEN, SPEC, Qod

QOS = "as-session-with-qos"


def assert_event(event: dict[str, Any]) -> None:
    doc = load(SPEC)
    schema = {"$ref": "#/components/schemas/EventQosStatusChanged", "components": doc["components"]}
    errors = list(OAS30Validator(schema).iter_errors(event))
    assert not errors, [e.message for e in errors]


async def create(http: httpx.AsyncClient, qod: Qod, **overrides: Any) -> dict[str, Any]:
    response = await http.post(
        qod.url("/sessions"), json=qod.body(**overrides), headers=qod.headers
    )
    assert response.status_code == 201, response.text
    assert_conforms(response, "createSession", SPEC)
    created: dict[str, Any] = response.json()
    return created


async def heard(qod: Qod, session_id: str, *expected: tuple[str, str | None]) -> None:
    async def check() -> bool:
        return qod.statuses(session_id) == list(expected)

    await wait_for(check, what=f"sink events {expected}")


async def test_session_reaches_the_nef_and_the_sink_hears_each_status(
    http: httpx.AsyncClient, qod: Qod, sent: list[str]
) -> None:
    session = await create(http, qod)
    sid = session["sessionId"]
    assert session["qosStatus"] in ("REQUESTED", "AVAILABLE")
    (held,) = await qod.lab.resources(http, QOS)
    assert held["body"]["qosReference"] == "QOS_E"
    assert held["body"]["gpsi"] == "msisdn-33610000001"
    assert "CreateASSessionWithQoSSubscription" in sent
    await heard(qod, sid, ("AVAILABLE", None))
    (received,) = [r for r in qod.sink.received if r.body["data"]["sessionId"] == sid]
    assert received.headers["Authorization"] == f"Bearer {SINK_TOKEN}"
    assert received.headers["Content-Type"].startswith("application/cloudevents+json")
    assert_event(received.body)

    read = await http.get(qod.url(f"/sessions/{sid}"), headers=qod.headers)
    assert read.status_code == 200, read.text
    assert_conforms(read, "getSession", SPEC)
    assert read.json()["qosStatus"] == "AVAILABLE" and "expiresAt" in read.json()

    await qod.lab.admin(http, "POST", nef_paths.ADMIN_QOS_DROP, json={"subscriptionId": held["id"]})
    await heard(qod, sid, ("AVAILABLE", None), ("UNAVAILABLE", "NETWORK_TERMINATED"))
    await qod.lab.admin(
        http, "POST", nef_paths.ADMIN_QOS_RESTORE, json={"subscriptionId": held["id"]}
    )
    await heard(
        qod, sid, ("AVAILABLE", None), ("UNAVAILABLE", "NETWORK_TERMINATED"), ("AVAILABLE", None)
    )

    extend = qod.url(f"/sessions/{sid}/extend")
    extended = await http.post(
        extend, json={"requestedAdditionalDuration": 7200}, headers=qod.headers
    )
    assert extended.status_code == 200, extended.text
    assert_conforms(extended, "extendQosSessionDuration", SPEC)
    assert extended.json()["duration"] == 3600  # capped at the profile's maximum

    found = await http.post(
        qod.url("/retrieve-sessions"), json={"device": qod.body()["device"]}, headers=qod.headers
    )
    assert found.status_code == 200 and [s["sessionId"] for s in found.json()] == [sid]
    assert_conforms(found, "retrieveSessionsByDevice", SPEC)

    deleted = await http.delete(qod.url(f"/sessions/{sid}"), headers=qod.headers)
    assert deleted.status_code == 204, deleted.text
    assert_conforms(deleted, "deleteSession", SPEC)
    await heard(
        qod,
        sid,
        ("AVAILABLE", None),
        ("UNAVAILABLE", "NETWORK_TERMINATED"),
        ("AVAILABLE", None),
        ("UNAVAILABLE", "DELETE_REQUESTED"),
    )

    async def gone_at_nef() -> bool:
        return not await qod.lab.resources(http, QOS)

    await wait_for(gone_at_nef, what="the AS session deleted at the NEF")
    again = await http.get(qod.url(f"/sessions/{sid}"), headers=qod.headers)
    assert again.status_code == 404


async def test_session_ends_at_its_duration(http: httpx.AsyncClient, qod: Qod) -> None:
    session = await create(http, qod, ue=2, duration=1)
    sid = session["sessionId"]
    await heard(qod, sid, ("AVAILABLE", None), ("UNAVAILABLE", "DURATION_EXPIRED"))
    read = await http.get(qod.url(f"/sessions/{sid}"), headers=qod.headers)
    assert read.json()["qosStatus"] == "UNAVAILABLE"
    assert read.json()["statusInfo"] == "DURATION_EXPIRED"
    assert_conforms(read, "getSession", SPEC)

    async def gone_at_nef() -> bool:
        return not await qod.lab.resources(http, QOS)

    await wait_for(gone_at_nef, what="the AS session deleted at the NEF")
    extend = await http.post(
        qod.url(f"/sessions/{sid}/extend"),
        json={"requestedAdditionalDuration": 10},
        headers=qod.headers,
    )
    assert extend.status_code == 409
    assert extend.json()["code"] == "QUALITY_ON_DEMAND.SESSION_EXTENSION_NOT_ALLOWED"
    assert_conforms(extend, "extendQosSessionDuration", SPEC)


async def test_network_termination_is_heard(http: httpx.AsyncClient, qod: Qod) -> None:
    session = await create(http, qod, ue=4)
    sid = session["sessionId"]
    await heard(qod, sid, ("AVAILABLE", None))
    await qod.lab.admin(http, "POST", nef_paths.ADMIN_QOS_RELEASE, json={"ueId": "ue-4"})
    await heard(qod, sid, ("AVAILABLE", None), ("UNAVAILABLE", "NETWORK_TERMINATED"))
    read = await http.get(qod.url(f"/sessions/{sid}"), headers=qod.headers)
    assert read.json()["statusInfo"] == "NETWORK_TERMINATED"
