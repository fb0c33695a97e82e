"""NEF mock, TS 29.122 AS Session with QoS: CRUD, validation and user plane events."""

from __future__ import annotations

import json
from typing import Any

import pytest

from mec_mocks.common.recorder import Recorder
from mec_mocks.testing import assert_problem
from tests.mec_mocks.nef.helpers import NOWHERE, QOS, Af, received, settled

FLOW = {"flowId": 1, "flowDescriptions": ["permit out ip from 192.0.2.10 to 10.45.0.2"]}
ALL_EVENTS = [
    "SUCCESSFUL_RESOURCES_ALLOCATION",
    "QOS_GUARANTEED",
    "QOS_NOT_GUARANTEED",
    "USAGE_REPORT",
]


def session(sink_url: str, **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "ueIpv4Addr": "10.45.0.2",
        "flowInfo": [FLOW],
        "qosReference": "QOS_L",
        "notificationDestination": f"{sink_url}/qos",
        "events": ALL_EVENTS,
    }
    body.update(extra)
    return body


def events(bodies: list[Any]) -> list[str]:
    return [r["event"] for b in bodies for r in b["eventReports"]]


async def test_create_notifies_allocation_and_guarantee(af: Af, sink: tuple[Recorder, str]) -> None:
    rec, url = sink
    created = await af.post(QOS, session(url))
    assert created.status_code == 201, created.text
    sub = created.json()
    assert created.headers["Location"] == sub["self"]
    notes = await received(rec, 2, "/qos")
    assert events(notes) == ["SUCCESSFUL_RESOURCES_ALLOCATION", "QOS_GUARANTEED"]
    assert notes[0]["eventReports"][0]["appliedQosRef"] == "QOS_L"
    assert all(n["transaction"] == sub["self"] for n in notes)


async def test_crud_and_delete_answers(af: Af, sink: tuple[Recorder, str]) -> None:
    url = sink[1]
    plain = (await af.post(QOS, session(url, events=["QOS_GUARANTEED"]))).json()
    path = plain["self"].removeprefix(af.base)
    assert (await af.get(path)).json() == plain
    put = await af.request("PUT", path, json=session(url, qosReference="QOS_M"))
    assert put.status_code == 200 and put.json()["qosReference"] == "QOS_M"
    patched = await af.request(
        "PATCH",
        path,
        json={"qosReference": "QOS_S", "usageThreshold": {"duration": 60}},
        headers={"Content-Type": "application/merge-patch+json"},
    )
    assert patched.status_code == 200, patched.text
    assert patched.json()["qosReference"] == "QOS_S"
    other = (await af.post(QOS, session(url, ueIpv4Addr="10.45.0.3"))).json()
    assert len((await af.get(QOS)).json()) == 2

    ending = await af.request("DELETE", path)
    assert ending.status_code == 200
    report = ending.json()
    assert report["transaction"] == plain["self"]
    assert report["eventReports"][0]["event"] == "USAGE_REPORT"
    assert report["eventReports"][0]["accumulatedUsage"]["duration"] >= 0
    assert (await af.request("DELETE", other["self"].removeprefix(af.base))).status_code == 204
    assert_problem(await af.get(path), 404)


async def test_list_filters_by_ue_address(af: Af, sink: tuple[Recorder, str]) -> None:
    url = sink[1]
    await af.post(QOS, session(url))
    await af.post(QOS, session(url, ueIpv4Addr="10.45.0.3"))
    ip = json.dumps([{"ipv4Addr": "10.45.0.3"}])
    only = (await af.request("GET", QOS, params={"ip-addrs": ip})).json()
    assert [s["ueIpv4Addr"] for s in only] == ["10.45.0.3"]
    problem = assert_problem(await af.request("GET", QOS, params={"ip-addrs": "[1"}), 400)
    assert problem["invalidParams"][0]["param"] == "ip-addrs"


@pytest.mark.parametrize(
    ("change", "status", "param"),
    [
        ({"qosReference": "QOS_XXL"}, 400, "/qosReference"),
        ({"qosReference": None, "altQoSReferences": ["QOS_S", "NOPE"]}, 400, "/altQoSReferences/1"),
        ({"qosReference": None}, 400, "/qosReference"),
        ({"flowInfo": None}, 400, "/flowInfo"),
        ({"ueIpv6Addr": "2001:db8:45::1"}, 400, "/ueIpv4Addr"),
        ({"ueIpv4Addr": None}, 400, "/ueIpv4Addr"),
        ({"gpsi": "msisdn-33610000002"}, 400, "/gpsi"),
        ({"notificationDestination": None}, 400, "/notificationDestination"),
        ({"ueIpv4Addr": "10.45.9.9"}, 404, "/ueIpv4Addr"),
        ({"ueIpv4Addr": None, "gpsi": "msisdn-339"}, 404, "/gpsi"),
    ],
)
async def test_bad_requests_name_the_parameter(
    af: Af, change: dict[str, Any], status: int, param: str
) -> None:
    body = {k: v for k, v in {**session(NOWHERE), **change}.items() if v is not None}
    problem = assert_problem(await af.post(QOS, body), status)
    assert problem["invalidParams"][0]["param"] == param


async def test_other_identities(af: Af) -> None:
    ue = await af.ue("ue-2")
    by_v6 = session(NOWHERE, ueIpv4Addr=None, ueIpv6Addr=ue["ipv6Addr"])
    assert (await af.post(QOS, {k: v for k, v in by_v6.items() if v})).status_code == 201
    by_gpsi = {k: v for k, v in session(NOWHERE, gpsi=ue["gpsi"]).items() if k != "ueIpv4Addr"}
    assert (await af.post(QOS, by_gpsi)).status_code == 201
    by_mac = {
        **{k: v for k, v in session(NOWHERE).items() if k not in ("ueIpv4Addr", "flowInfo")},
        "macAddr": ue["macAddr"],
        "ethFlowInfo": [{"ethType": "0800"}],
    }
    assert (await af.post(QOS, by_mac)).status_code == 201


async def test_drop_restore_release(af: Af, sink: tuple[Recorder, str]) -> None:
    rec, url = sink
    sub = (await af.post(QOS, session(url))).json()
    sub_id = sub["self"].rsplit("/", 1)[1]
    await received(rec, 2, "/qos")
    dropped = await af.admin("POST", "/admin/qos/drop", {"subscriptionId": sub_id})
    assert dropped == {"subscriptions": [sub_id]}
    assert (await af.admin("POST", "/admin/qos/drop", {"ueId": "ue-1"})) == {"subscriptions": []}
    await af.admin("POST", "/admin/qos/restore", {"ueId": "ue-1"})
    released = await af.admin("POST", "/admin/qos/release", {"subscriptionId": sub_id})
    assert released == {"subscriptions": [sub_id]}
    notes = await received(rec, 5, "/qos")
    assert events(notes)[2:] == ["QOS_NOT_GUARANTEED", "QOS_GUARANTEED", "SESSION_TERMINATION"]
    assert_problem(await af.get(sub["self"].removeprefix(af.base)), 404)
    resp = await af.http.post(af.base + "/admin/qos/drop", json={"subscriptionId": sub_id})
    assert_problem(resp, 404)


async def test_out_of_coverage_terminates_and_refuses(af: Af, sink: tuple[Recorder, str]) -> None:
    rec, url = sink
    sub = (await af.post(QOS, session(url, events=["QOS_GUARANTEED"]))).json()
    await af.move("ue-1", detached=True)
    notes = await received(rec, 2, "/qos")
    assert events(notes) == ["QOS_GUARANTEED", "SESSION_TERMINATION"]
    assert_problem(await af.get(sub["self"].removeprefix(af.base)), 404)
    problem = assert_problem(await af.post(QOS, session(url)), 404)
    assert problem["cause"] == "PDU_SESSION_NOT_AVAILABLE"


async def test_qos_duration_ends_the_session(af: Af, sink: tuple[Recorder, str]) -> None:
    rec, url = sink
    sub = (await af.post(QOS, session(url, events=["QOS_GUARANTEED"], qosDuration=1))).json()
    notes = await received(rec, 2, "/qos")
    assert events(notes) == ["QOS_GUARANTEED", "SESSION_TERMINATION"]
    assert_problem(await af.get(sub["self"].removeprefix(af.base)), 404)


async def test_unsubscribed_events_are_not_sent(af: Af, sink: tuple[Recorder, str]) -> None:
    rec, url = sink
    body = session(url)
    del body["events"]
    sub = (await af.post(QOS, body)).json()
    await af.admin("POST", "/admin/qos/drop", {"ueId": "ue-1"})
    await settled(af)
    assert rec.bodies("/qos") == []
    await af.request("DELETE", sub["self"].removeprefix(af.base))
    await settled(af)
    assert rec.bodies("/qos") == []
