"""NEF mock, TS 29.522 EAS Deployment: CRUD, DNAI checks and remove-edis."""

from __future__ import annotations

from typing import Any

import pytest

from mec_mocks.testing import assert_problem
from tests.mec_mocks.nef.helpers import EAS, Af, make_af

REMOVE = "/3gpp-eas-deployment/v1/remove-edis"


def info(**extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "appId": "edge-app",
        "dnn": "internet",
        "snssai": {"sst": 1, "sd": "000001"},
        "fqdnPatternList": [{"regex": r"^edge-app\.example\.com$"}],
        "dnaiInfos": {
            "dnai-a": {"dnai": "dnai-a", "easIpAddrs": [{"ipv4Addr": "192.0.2.10"}]},
            "dnai-b": {
                "dnai": "dnai-b",
                "dnsServIds": [{"dnsServIpAddr": {"ipv4Addr": "192.0.2.53"}, "portNumber": 53}],
            },
        },
    }
    body.update(extra)
    return body


async def test_crud(af: Af) -> None:
    created = await af.post(EAS, info())
    assert created.status_code == 201, created.text
    doc = created.json()
    assert created.headers["Location"] == doc["self"]
    path = doc["self"].removeprefix(af.base)
    assert (await af.get(path)).json() == doc
    assert (await af.get(EAS)).json() == [doc]
    put = await af.request("PUT", path, json=info(appId="renamed"))
    assert put.status_code == 200 and put.json()["appId"] == "renamed"
    assert (await af.request("DELETE", path)).status_code == 204
    assert_problem(await af.get(path), 404)


@pytest.mark.parametrize(
    ("change", "param"),
    [
        ({"fqdnPatternList": None}, "/fqdnPatternList"),
        ({"fqdnPatternList": [{}]}, "/fqdnPatternList/0"),
        (
            {
                "dnaiInfos": {
                    "dnai-x": {"dnai": "dnai-x", "easIpAddrs": [{"ipv4Addr": "192.0.2.1"}]}
                }
            },
            "/dnaiInfos/dnai-x",
        ),
        (
            {
                "dnaiInfos": {
                    "dnai-a": {"dnai": "dnai-b", "easIpAddrs": [{"ipv4Addr": "192.0.2.1"}]}
                }
            },
            "/dnaiInfos/dnai-a/dnai",
        ),
        ({"dnaiInfos": {"dnai-a": {"dnai": "dnai-a"}}}, "/dnaiInfos/dnai-a"),
        ({"snssai": {"sst": 300}}, "/snssai/sst"),
    ],
)
async def test_bad_requests_name_the_parameter(af: Af, change: dict[str, Any], param: str) -> None:
    body = {k: v for k, v in info(**change).items() if v is not None}
    problem = assert_problem(await af.post(EAS, body), 400)
    assert problem["invalidParams"][0]["param"] == param


async def test_remove_edis(af: Af) -> None:
    keep = (await af.post(EAS, info(dnn="ims"))).json()
    await af.post(EAS, info())
    await af.post(EAS, info())
    criteria = {"dnnSnssai": {"dnn": "internet", "snssai": {"sst": 1, "sd": "000001"}}}
    assert (await af.post(REMOVE, criteria)).status_code == 204
    assert [d["self"] for d in (await af.get(EAS)).json()] == [keep["self"]]
    assert_problem(await af.post(REMOVE, criteria), 404)
    assert_problem(await af.post(REMOVE, {"afId": "af-2"}), 403)
    assert assert_problem(await af.post(REMOVE, {}), 400)["invalidParams"][0]["param"] == "/afId"
    assert (await af.post(REMOVE, {"afId": "af-1"})).status_code == 204
    assert (await af.get(EAS)).json() == []


async def test_records_are_per_af(af: Af) -> None:
    other = await make_af(af.http, af.base, "af-2")
    mine = (await af.post(EAS, info())).json()
    assert (await other.get("/3gpp-eas-deployment/v1/af-2/eas-deployment-info")).json() == []
    path = mine["self"].removeprefix(af.base).replace("/af-1/", "/af-2/")
    assert_problem(await other.get(path), 404)
    assert_problem(await other.post(REMOVE, {"afId": "af-2"}), 404)
    assert len((await af.get(EAS)).json()) == 1
