"""Redfish protocol behaviour: authentication and sessions, errors in the Redfish format, ETags,
PATCH rules."""

from __future__ import annotations

import httpx

from mec_mocks.common.serving import RunningServer
from tests.mec_mocks.edge_site.conftest import assert_redfish_error

SYSTEM = "/redfish/v1/Systems/node1"


async def test_401_without_or_with_wrong_credentials(site: RunningServer) -> None:
    async with httpx.AsyncClient(base_url=site.url) as anonymous:
        resp = await anonymous.get(SYSTEM)
        assert_redfish_error(resp, 401, "NoValidSession")
        assert resp.headers["WWW-Authenticate"].startswith("Basic")
        wrong = await anonymous.get(SYSTEM, auth=("admin", "nope"))
        assert_redfish_error(wrong, 401, "NoValidSession")
        forged = await anonymous.get(SYSTEM, headers={"X-Auth-Token": "forged"})
        assert forged.status_code == 401
        admin = await anonymous.get("/admin/state")
        assert admin.status_code == 401


async def test_session_login_use_and_logout(site: RunningServer) -> None:
    async with httpx.AsyncClient(base_url=site.url) as http:
        resp = await http.post(
            "/redfish/v1/SessionService/Sessions", json={"UserName": "admin", "Password": "admin"}
        )
        assert resp.status_code == 201, resp.text
        token, location = resp.headers["X-Auth-Token"], resp.headers["Location"]
        assert location == resp.json()["@odata.id"]
        assert resp.json()["UserName"] == "admin"
        headers = {"X-Auth-Token": token}
        assert (await http.get(SYSTEM, headers=headers)).status_code == 200
        listed = (await http.get("/redfish/v1/SessionService/Sessions", headers=headers)).json()
        assert {"@odata.id": location} in listed["Members"]
        assert (await http.delete(location, headers=headers)).status_code == 204
        assert (await http.get(SYSTEM, headers=headers)).status_code == 401
        bad = await http.post(
            "/redfish/v1/SessionService/Sessions", json={"UserName": "admin", "Password": "x"}
        )
        assert_redfish_error(bad, 401, "NoValidSession")
        missing = await http.post("/redfish/v1/SessionService/Sessions", json={"UserName": "a"})
        body = assert_redfish_error(missing, 400, "PropertyMissing")
        assert body["error"]["@Message.ExtendedInfo"][0]["RelatedProperties"] == ["#/Password"]


async def test_404_405_and_415(rf: httpx.AsyncClient) -> None:
    assert_redfish_error(await rf.get("/redfish/v1/Systems/node9"), 404, "ResourceMissingAtURI")
    assert_redfish_error(await rf.get("/redfish/v1/Nothing"), 404, "ResourceMissingAtURI")
    resp = await rf.delete("/redfish/v1/Chassis/node1")
    assert_redfish_error(resp, 405, "OperationNotAllowed")
    assert resp.headers["Allow"] == "GET, HEAD"
    assert_redfish_error(await rf.post(SYSTEM, json={}), 405, "OperationNotAllowed")
    assert_redfish_error(await rf.put(SYSTEM, json={}), 405, "OperationNotAllowed")
    text = await rf.patch(SYSTEM, content=b"x", headers={"Content-Type": "text/plain"})
    assert text.status_code == 415
    bad = await rf.patch(SYSTEM, content=b"{", headers={"Content-Type": "application/json"})
    assert_redfish_error(bad, 400, "MalformedJSON")


async def test_etag_on_get_and_if_none_match(rf: httpx.AsyncClient) -> None:
    resp = await rf.get(SYSTEM)
    tag = resp.headers["ETag"]
    assert tag.startswith('W/"') and resp.json()["@odata.etag"] == tag
    assert resp.headers["OData-Version"] == "4.0"
    assert (await rf.get(SYSTEM, headers={"If-None-Match": tag})).status_code == 304


async def test_patch_honours_if_match(rf: httpx.AsyncClient) -> None:
    tag = (await rf.get(SYSTEM)).headers["ETag"]
    stale = await rf.patch(SYSTEM, json={"AssetTag": "x"}, headers={"If-Match": 'W/"old"'})
    assert_redfish_error(stale, 412, "PreconditionFailed")
    assert (await rf.get(SYSTEM)).json()["AssetTag"] == ""
    ok = await rf.patch(SYSTEM, json={"AssetTag": "cab-7"}, headers={"If-Match": tag})
    assert ok.status_code == 200, ok.text
    assert ok.json()["AssetTag"] == "cab-7"
    assert ok.headers["ETag"] != tag
    again = await rf.patch(SYSTEM, json={"AssetTag": "y"}, headers={"If-Match": tag})
    assert again.status_code == 412


async def test_patch_names_the_property_it_refuses(rf: httpx.AsyncClient) -> None:
    read_only = await rf.patch(SYSTEM, json={"PowerState": "Off"})
    body = assert_redfish_error(read_only, 400, "PropertyNotWritable")
    assert body["error"]["@Message.ExtendedInfo"][0]["RelatedProperties"] == ["#/PowerState"]
    unknown = await rf.patch(SYSTEM, json={"Colour": "blue"})
    assert_redfish_error(unknown, 400, "PropertyUnknown")
    wrong_type = await rf.patch(SYSTEM, json={"LocationIndicatorActive": "yes"})
    body = assert_redfish_error(wrong_type, 400, "PropertyValueTypeError")
    assert "LocationIndicatorActive" in body["error"]["message"]
    timeout = await rf.patch("/redfish/v1/SessionService", json={"SessionTimeout": 5})
    assert_redfish_error(timeout, 400, "PropertyValueNotInList")
    ok = await rf.patch("/redfish/v1/SessionService", json={"SessionTimeout": 600})
    assert ok.json()["SessionTimeout"] == 600
