"""``$expand`` on reads (and other query parameters refused with 501), as the service root
announces in ``ProtocolFeaturesSupported.ExpandQuery``."""

from __future__ import annotations

import httpx
import pytest

from mec_mocks.edge_site.expand import Expand, parse_expand
from tests.mec_mocks.edge_site.conftest import admin, assert_redfish_error

SYSTEMS = "/redfish/v1/Systems"


async def test_root_announces_expand(rf: httpx.AsyncClient) -> None:
    features = (await rf.get("/redfish/v1/")).json()["ProtocolFeaturesSupported"]["ExpandQuery"]
    assert features == {
        "ExpandAll": True,
        "Levels": True,
        "Links": True,
        "NoLinks": True,
        "MaxLevels": 3,
    }


async def test_systems_expanded_in_one_read(rf: httpx.AsyncClient) -> None:
    plain = (await rf.get(SYSTEMS)).json()
    assert plain["Members"] == [{"@odata.id": f"{SYSTEMS}/node{n}"} for n in (1, 2)]
    expanded = (await rf.get(SYSTEMS, params={"$expand": "."})).json()
    assert expanded["Members@odata.count"] == 2
    for member, reference in zip(expanded["Members"], plain["Members"], strict=True):
        alone = (await rf.get(reference["@odata.id"])).json()
        alone.pop("@odata.etag")
        assert member == alone
        # one level: the system's own references stay references
        assert member["Processors"] == {"@odata.id": f"{reference['@odata.id']}/Processors"}


async def test_expanded_members_follow_the_state(rf: httpx.AsyncClient) -> None:
    await admin(rf, "/nodes/node2/power", {"state": "off"})
    expanded = (await rf.get(SYSTEMS, params={"$expand": "."})).json()
    states = {m["Id"]: m["PowerState"] for m in expanded["Members"]}
    assert states == {"node1": "On", "node2": "Off"}


async def test_levels_and_links(rf: httpx.AsyncClient) -> None:
    two = (await rf.get(SYSTEMS, params={"$expand": ".($levels=2)"})).json()
    processors = two["Members"][0]["Processors"]
    assert processors["@odata.id"].endswith("/Processors") and "Members" in processors
    assert all(set(m) == {"@odata.id"} for m in processors["Members"])  # level 3 not reached
    # "." leaves Links alone; "~" expands only what is under Links
    system = (await rf.get(f"{SYSTEMS}/node1", params={"$expand": "."})).json()
    chassis_link = system["Links"]["Chassis"][0]
    assert set(chassis_link) == {"@odata.id"}
    linked = (await rf.get(f"{SYSTEMS}/node1", params={"$expand": "~"})).json()
    assert linked["Links"]["Chassis"][0]["Id"] == chassis_link["@odata.id"].rsplit("/", 1)[-1]
    assert set(linked["Processors"]) == {"@odata.id"}
    everything = (await rf.get(f"{SYSTEMS}/node1", params={"$expand": "*"})).json()
    assert "Members" in everything["Processors"] and "Id" in everything["Links"]["Chassis"][0]


@pytest.mark.parametrize("value", ["", "x", ".($levels=a)", ".(levels=1)", "..", "*($levels=)"])
async def test_bad_expand_is_400(rf: httpx.AsyncClient, value: str) -> None:
    resp = await rf.get(SYSTEMS, params={"$expand": value})
    body = assert_redfish_error(resp, 400, "QueryParameterValueFormatError")
    assert body["error"]["@Message.ExtendedInfo"][0]["MessageArgs"] == [value, "$expand"]


async def test_levels_out_of_range_is_400(rf: httpx.AsyncClient) -> None:
    for levels in ("0", "4"):
        resp = await rf.get(SYSTEMS, params={"$expand": f".($levels={levels})"})
        assert_redfish_error(resp, 400, "QueryParameterOutOfRange")


@pytest.mark.parametrize("name", ["$select", "$filter", "$top", "$skip", "only", "$format"])
async def test_unsupported_query_parameters_are_501(rf: httpx.AsyncClient, name: str) -> None:
    resp = await rf.get(SYSTEMS, params={name: "1"})
    body = assert_redfish_error(resp, 501, "QueryParameterUnsupported")
    assert body["error"]["@Message.ExtendedInfo"][0]["MessageArgs"] == [name]


async def test_other_query_parameters_are_ignored(rf: httpx.AsyncClient) -> None:
    assert (await rf.get(SYSTEMS, params={"lang": "en"})).status_code == 200


def test_parse_forms() -> None:
    assert parse_expand(".") == Expand(subordinate=True, links=False, levels=1)
    assert parse_expand("~($levels=3)") == Expand(subordinate=False, links=True, levels=3)
    assert parse_expand("*($levels=2)") == Expand(subordinate=True, links=True, levels=2)
