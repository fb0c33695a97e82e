"""NEF mock, TS 29.122 Monitoring Event (LOCATION_REPORTING): one-time and continuous."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from mec_mocks.common.recorder import Recorder
from mec_mocks.testing import assert_problem, wait_for
from tests.mec_mocks.nef.helpers import MON, NOWHERE, Af, received, settled


def locate(sink_url: str, **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "monitoringType": "LOCATION_REPORTING",
        "msisdn": "33610000001",
        "maximumNumberOfReports": 1,
        "notificationDestination": f"{sink_url}/loc",
    }
    body.update(extra)
    return body


async def test_one_time_report(af: Af) -> None:
    ue = await af.ue("ue-1")
    resp = await af.post(MON, locate(NOWHERE))
    assert resp.status_code == 200, resp.text
    report = resp.json()
    assert report["monitoringType"] == "LOCATION_REPORTING"
    assert report["msisdn"] == "33610000001"
    info = report["locationInfo"]
    assert info["cellId"] == ue["cellId"]
    assert info["geographicArea"]["shape"] == "POINT_UNCERTAINTY_CIRCLE"
    assert info["geographicArea"]["point"] == {"lat": ue["lat"], "lon": ue["lon"]}
    assert (await af.get(MON)).json() == []


@pytest.mark.parametrize(
    ("accuracy", "members"),
    [
        ("CGI_ECGI", {"cellId"}),
        ("ENODEB", {"cellId", "enodeBId"}),
        ("TA_RA", {"trackingAreaId"}),
        ("PLMN", {"plmnId"}),
        ("GEO_AREA", {"cellId", "geographicArea"}),
    ],
)
async def test_accuracy(af: Af, accuracy: str, members: set[str]) -> None:
    report = (await af.post(MON, locate(NOWHERE, accuracy=accuracy))).json()
    assert set(report["locationInfo"]) == members | {"ageOfLocationInfo"}


async def test_other_identities_and_out_of_coverage(af: Af) -> None:
    ue = await af.ue("ue-3")
    for member in ("externalId", "ipv4Addr", "ipv6Addr"):
        body = {**locate(NOWHERE, **{member: ue[member]})}
        del body["msisdn"]
        assert (await af.post(MON, body)).json()["locationInfo"]["cellId"] == ue["cellId"]
    await af.move("ue-1", detached=True)
    report = (await af.post(MON, locate(NOWHERE))).json()
    assert report["locFailureCause"] == "NOT_REGISTED_UE"
    assert "locationInfo" not in report


async def test_subscription_reports_each_move_until_the_maximum(
    af: Af, sink: tuple[Recorder, str]
) -> None:
    rec, url = sink
    resp = await af.post(MON, locate(url, maximumNumberOfReports=3, immediateRep=True))
    assert resp.status_code == 201, resp.text
    sub = resp.json()
    assert resp.headers["Location"] == sub["self"]
    assert sub["monitoringEventReport"]["locationInfo"]["cellId"] == (await af.ue("ue-1"))["cellId"]
    path = sub["self"].removeprefix(af.base)
    assert (await af.get(path)).json() == sub
    first = await af.other_cell("ue-1", same_dnai=True)
    await af.move("ue-1", cellId=first)
    await af.move("ue-1", cellId=first)  # no change, no report
    second = await af.other_cell("ue-1", same_dnai=False)
    await af.move("ue-1", cellId=second)
    notes = await received(rec, 2, "/loc")
    assert [n["subscription"] for n in notes] == [sub["self"]] * 2
    cells = [n["monitoringEventReports"][0]["locationInfo"]["cellId"] for n in notes]
    assert cells == [first, second]
    assert_problem(await af.get(path), 404)  # immediate report + 2 = maximum reached
    await af.move("ue-1", cellId=first)
    await settled(af)
    assert len(rec.bodies("/loc")) == 2


async def test_put_and_delete(af: Af, sink: tuple[Recorder, str]) -> None:
    rec, url = sink
    sub = (await af.post(MON, locate(url, maximumNumberOfReports=5))).json()
    path = sub["self"].removeprefix(af.base)
    put = await af.request(
        "PUT", path, json=locate(url, msisdn="33610000002", maximumNumberOfReports=5)
    )
    assert put.status_code == 200 and put.json()["msisdn"] == "33610000002"
    await af.move("ue-1", cellId=await af.other_cell("ue-1", same_dnai=False))
    await af.move("ue-2", cellId=await af.other_cell("ue-2", same_dnai=False))
    (note,) = await received(rec, 1, "/loc")
    assert note["monitoringEventReports"][0]["msisdn"] == "33610000002"
    assert (await af.request("DELETE", path)).status_code == 204
    assert_problem(await af.request("DELETE", path), 404)


async def test_expire_time_ends_the_subscription(af: Af) -> None:
    ends = (datetime.now(UTC) + timedelta(seconds=1)).isoformat()
    body = locate(NOWHERE, maximumNumberOfReports=None, monitorExpireTime=ends)
    sub = (await af.post(MON, {k: v for k, v in body.items() if v is not None})).json()
    path = sub["self"].removeprefix(af.base)

    async def gone() -> bool:
        return (await af.get(path)).status_code == 404

    await wait_for(gone, what="expired monitoring subscription")


@pytest.mark.parametrize(
    ("change", "status", "param"),
    [
        ({"monitoringType": "UE_REACHABILITY"}, 501, "/monitoringType"),
        ({"monitoringType": "WHEREABOUTS"}, 400, "/monitoringType"),
        ({"maximumNumberOfReports": None}, 400, "/maximumNumberOfReports"),
        ({"maximumNumberOfReports": 0}, 400, "/maximumNumberOfReports"),
        ({"accuracy": "CIVIC_ADDR"}, 400, "/accuracy"),
        ({"msisdn": None}, 400, "/msisdn"),
        ({"externalId": "ue1@nef.mock"}, 400, "/msisdn"),
        ({"msisdn": "12345678"}, 404, "/msisdn"),
        ({"msisdn": None, "externalGroupId": "all@nef.mock"}, 404, "/externalGroupId"),
        ({"notificationDestination": None}, 400, "/notificationDestination"),
    ],
)
async def test_bad_requests_name_the_parameter(
    af: Af, change: dict[str, Any], status: int, param: str
) -> None:
    body = {k: v for k, v in locate(NOWHERE, **change).items() if v is not None}
    problem = assert_problem(await af.post(MON, body), status)
    assert problem["invalidParams"][0]["param"] == param
