"""NEF mock, TS 29.522 Traffic Influence: CRUD, validation, UP path change notifications."""

from __future__ import annotations

from typing import Any

import pytest

from mec_mocks.common.recorder import Recorder
from mec_mocks.testing import assert_problem
from tests.mec_mocks.nef.helpers import NOWHERE, TI, Af, received, settled


def steering(sink_url: str, **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "afAppId": "edge-app",
        "afTransId": "t-1",
        "ipv4Addr": "10.45.0.2",
        "trafficRoutes": [
            {"dnai": "dnai-a", "routeInfo": {"ipv4Addr": "192.0.2.10", "portNumber": 443}},
            {"dnai": "dnai-b", "routeProfId": "profile-b"},
        ],
        "subscribedEvents": ["UP_PATH_CHANGE"],
        "notificationDestination": f"{sink_url}/up",
    }
    body.update(extra)
    return body


async def test_crud(af: Af, sink: tuple[Recorder, str]) -> None:
    created = await af.post(TI, steering(sink[1]))
    assert created.status_code == 201, created.text
    sub = created.json()
    assert created.headers["Location"] == sub["self"]
    assert sub["self"].startswith(af.base + TI + "/")
    sub_id = sub["self"].rsplit("/", 1)[1]
    assert sub["trafficRoutes"][0]["routeInfo"]["portNumber"] == 443
    assert [s["self"] for s in (await af.get(TI)).json()] == [sub["self"]]
    assert (await af.get(f"{TI}/{sub_id}")).json() == sub

    replaced = await af.request("PUT", f"{TI}/{sub_id}", json=steering(sink[1], afAppId="other"))
    assert replaced.status_code == 200
    assert replaced.json()["afAppId"] == "other"
    assert replaced.json()["self"] == sub["self"]

    patched = await af.request(
        "PATCH",
        f"{TI}/{sub_id}",
        json={"trafficRoutes": [{"dnai": "dnai-b", "routeProfId": "p"}], "appReloInd": True},
        headers={"Content-Type": "application/merge-patch+json"},
    )
    assert patched.status_code == 200, patched.text
    assert patched.json()["trafficRoutes"] == [{"dnai": "dnai-b", "routeProfId": "p"}]
    assert patched.json()["appReloInd"] is True
    assert patched.json()["afAppId"] == "other"

    assert (await af.request("DELETE", f"{TI}/{sub_id}")).status_code == 204
    assert_problem(await af.get(f"{TI}/{sub_id}"), 404, sub_id)
    assert_problem(await af.request("DELETE", f"{TI}/{sub_id}"), 404)
    assert (await af.get(TI)).json() == []


@pytest.mark.parametrize(
    ("change", "params"),
    [
        ({"ipv4Addr": None}, ["/ipv4Addr"]),
        ({"gpsi": "msisdn-33610000001"}, ["/ipv4Addr", "/gpsi"]),
        ({"afAppId": None}, ["/afAppId"]),
        (
            {
                "trafficFilters": [
                    {"flowId": 1, "flowDescriptions": ["permit out ip from any to any"]}
                ]
            },
            ["/afAppId", "/trafficFilters"],
        ),
        ({"trafficRoutes": [{"dnai": "dnai-z", "routeProfId": "x"}]}, ["/trafficRoutes/0/dnai"]),
        ({"trafficRoutes": [{"dnai": "dnai-a"}]}, ["/trafficRoutes/0"]),
        ({"ipv4Addr": "10.45.0.300"}, ["/ipv4Addr"]),
        ({"notificationDestination": None}, ["/notificationDestination"]),
        ({"notificationDestination": "not a url"}, ["/notificationDestination"]),
        ({"dnaiChgType": "SOON"}, ["/dnaiChgType"]),
        ({"ipv4Addr": None, "anyUeInd": False}, ["/anyUeInd"]),
    ],
)
async def test_bad_requests_name_the_parameter(
    af: Af, change: dict[str, Any], params: list[str]
) -> None:
    body = {k: v for k, v in {**steering("http://127.0.0.1:9"), **change}.items() if v is not None}
    problem = assert_problem(await af.post(TI, body), 400)
    assert [p["param"] for p in problem["invalidParams"]] == params
    assert problem["cause"]


async def test_unknown_ue_and_group_are_404(af: Af) -> None:
    problem = assert_problem(await af.post(TI, steering(NOWHERE, ipv4Addr="10.9.9.9")), 404)
    assert problem["invalidParams"][0]["param"] == "/ipv4Addr"
    body = steering(NOWHERE)
    del body["ipv4Addr"]
    problem = assert_problem(await af.post(TI, {**body, "externalGroupId": "g@x"}), 404)
    assert problem["invalidParams"][0]["param"] == "/externalGroupId"


async def test_patch_refuses_other_members_and_media(af: Af) -> None:
    sub = (await af.post(TI, steering(NOWHERE))).json()
    url = sub["self"].removeprefix(af.base)
    merge = {"Content-Type": "application/merge-patch+json"}
    problem = assert_problem(
        await af.request("PATCH", url, json={"ipv4Addr": "10.45.0.3"}, headers=merge), 400
    )
    assert problem["invalidParams"][0]["param"] == "/ipv4Addr"
    assert_problem(await af.request("PATCH", url, json={"appReloInd": True}), 415)
    bad = await af.request("PATCH", url, content=b"{", headers=merge)
    assert assert_problem(bad, 400)["cause"] == "INVALID_MSG_FORMAT"


async def test_up_path_change_on_move_to_another_dnai_only(
    af: Af, sink: tuple[Recorder, str]
) -> None:
    rec, url = sink
    ue = await af.ue("ue-1")
    await af.post(TI, steering(url, ipv4Addr=ue["ipv4Addr"]))
    await af.move("ue-1", cellId=await af.other_cell("ue-1", same_dnai=True))
    await af.move("ue-2", cellId=await af.other_cell("ue-2", same_dnai=False))  # not covered
    await settled(af)
    assert rec.bodies("/up") == []

    target = "dnai-b" if ue["dnai"] == "dnai-a" else "dnai-a"
    moved = await af.move("ue-1", dnai=target)
    assert moved["dnaiChanged"] is True
    (note,) = await received(rec, 1, "/up")
    assert note["subscribedEvent"] == "UP_PATH_CHANGE"
    assert note["dnaiChgType"] == "LATE"
    assert (note["sourceDnai"], note["targetDnai"]) == (ue["dnai"], target)
    assert note["targetTrafficRoute"]["dnai"] == target
    assert note["sourceTrafficRoute"]["dnai"] == ue["dnai"]
    assert note["srcUeIpv4Addr"] == note["tgtUeIpv4Addr"] == ue["ipv4Addr"]
    assert note["gpsi"] == ue["gpsi"]
    assert note["afTransId"] == "t-1"


async def test_any_ue_and_early_late(af: Af, sink: tuple[Recorder, str]) -> None:
    rec, url = sink
    body = steering(url, dnaiChgType="EARLY_LATE", anyUeInd=True)
    del body["ipv4Addr"]
    assert (await af.post(TI, body)).status_code == 201
    for ue in ("ue-2", "ue-3"):
        await af.move(ue, cellId=await af.other_cell(ue, same_dnai=False))
    notes = await received(rec, 4, "/up")
    assert [n["dnaiChgType"] for n in notes] == ["EARLY", "LATE", "EARLY", "LATE"]
    assert [n["gpsi"] for n in notes] == [
        "msisdn-33610000002",
        "msisdn-33610000002",
        "msisdn-33610000003",
        "msisdn-33610000003",
    ]


async def test_gpsi_target_and_test_notification(af: Af, sink: tuple[Recorder, str]) -> None:
    rec, url = sink
    body = steering(url, gpsi="msisdn-33610000004", requestTestNotification=True)
    del body["ipv4Addr"]
    sub = (await af.post(TI, body)).json()
    (test,) = await received(rec, 1, "/up")
    assert test == {"subscription": sub["self"]}
    await af.move("ue-4", cellId=await af.other_cell("ue-4", same_dnai=False))
    notes = await received(rec, 2, "/up")
    assert notes[1]["gpsi"] == "msisdn-33610000004"


async def test_no_events_no_notification(af: Af, sink: tuple[Recorder, str]) -> None:
    rec, url = sink
    body = steering(url)
    del body["subscribedEvents"]
    assert (await af.post(TI, body)).status_code == 201
    await af.move("ue-1", cellId=await af.other_cell("ue-1", same_dnai=False))
    await settled(af)
    assert rec.received == []
