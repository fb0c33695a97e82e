"""NEF mock down/up: 503 with Retry-After on every API, notifications held until up."""

from __future__ import annotations

import pytest

from mec_mocks.common.recorder import Recorder
from mec_mocks.testing import assert_problem, wait_for
from tests.mec_mocks.nef.helpers import EAS, MON, QOS, TI, Af, received

PATHS = [TI, QOS, EAS, MON, "/3gpp-eas-deployment/v1/remove-edis"]


@pytest.mark.parametrize("path", PATHS)
async def test_down_answers_503_with_retry_after(af: Af, path: str) -> None:
    status = await af.admin("POST", "/admin/down", {"seconds": 120})
    assert status["down"] is True and 100 < status["retryAfter"] <= 120
    for method in ("GET", "POST"):
        resp = await af.request(method, path, json={})
        assert_problem(resp, 503)
        assert 100 < int(resp.headers["Retry-After"]) <= 120
    assert (await af.http.get(af.base + "/admin/ues")).status_code == 200
    token = await af.http.post(
        af.base + "/oauth2/token",
        data={"grant_type": "client_credentials"},
        auth=("af-1", "secret-1"),
    )
    assert token.status_code == 200
    assert (await af.admin("POST", "/admin/up")) == {"down": False, "retryAfter": None}
    assert (await af.get(TI)).status_code == 200


async def test_down_for_a_while_comes_back(af: Af) -> None:
    await af.admin("POST", "/admin/down", {"seconds": 0.3})
    assert (await af.get(TI)).status_code == 503

    async def back() -> bool:
        return (await af.get(TI)).status_code == 200

    await wait_for(back, what="the NEF to come back")


async def test_down_without_end_and_bad_seconds(af: Af) -> None:
    assert (await af.admin("POST", "/admin/down"))["retryAfter"] == 5
    resp = await af.http.post(af.base + "/admin/down", json={"seconds": -1})
    assert assert_problem(resp, 400)["invalidParams"][0]["param"] == "/seconds"


async def test_notifications_wait_until_up(af: Af, sink: tuple[Recorder, str]) -> None:
    rec, url = sink
    body = {
        "afAppId": "app",
        "anyUeInd": True,
        "subscribedEvents": ["UP_PATH_CHANGE"],
        "notificationDestination": f"{url}/up",
    }
    assert (await af.post(TI, body)).status_code == 201
    await af.admin("POST", "/admin/down")
    await af.move("ue-1", cellId=await af.other_cell("ue-1", same_dnai=False))

    async def pending() -> bool:
        return bool((await af.admin("GET", "/admin/status"))["pendingNotifications"] == 1)

    await wait_for(pending, what="a held notification")
    assert rec.received == []
    await af.admin("POST", "/admin/up")
    (note,) = await received(rec, 1, "/up")
    assert note["gpsi"] == "msisdn-33610000001"
