"""Power actions, event subscriptions, pushed events (with retries), test events and the
gateway's link outage."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from mec_mocks.common.recorder import Recorder
from mec_mocks.testing import Servers, wait_for
from tests.mec_mocks.edge_site.conftest import AUTH, SiteFactory, admin, assert_redfish_error

SUBS = "/redfish/v1/EventService/Subscriptions"
RESET = "/redfish/v1/Systems/node1/Actions/ComputerSystem.Reset"


async def subscribe(rf: httpx.AsyncClient, url: str, **extra: Any) -> str:
    body = {"Destination": url, "Protocol": "Redfish", "Context": "op-zone-1", **extra}
    resp = await rf.post(SUBS, json=body)
    assert resp.status_code == 201, resp.text
    location: str = resp.headers["Location"]
    return location


def message_ids(recorder: Recorder) -> list[str]:
    return [e["MessageId"] for body in recorder.bodies() for e in body["Events"]]


async def test_reset_actions_change_power_state_and_push_events(
    rf: httpx.AsyncClient, servers: Servers
) -> None:
    recorder, sink = await servers.recorder()
    await subscribe(rf, sink.url + "/events")
    assert (await rf.post(RESET, json={"ResetType": "ForceOff"})).status_code == 204
    assert (await rf.get("/redfish/v1/Systems/node1")).json()["PowerState"] == "Off"
    assert (await rf.post(RESET, json={"ResetType": "On"})).status_code == 204
    assert (await rf.get("/redfish/v1/Systems/node1")).json()["PowerState"] == "On"
    assert (await rf.post(RESET, json={"ResetType": "ForceRestart"})).status_code == 204
    await wait_for(lambda: _count(recorder, 3), what="three event pushes")
    first = recorder.bodies()[0]
    assert first["@odata.type"].startswith("#Event.v1_")
    assert first["Context"] == "op-zone-1"
    record = first["Events"][0]
    assert record["MessageId"] == "ResourceEvent.1.3.ResourcePoweredOff"
    assert record["OriginOfCondition"] == {"@odata.id": "/redfish/v1/Systems/node1"}
    assert record["MessageSeverity"] == "OK"
    assert record["EventTimestamp"].endswith("Z")
    assert message_ids(recorder) == [
        "ResourceEvent.1.3.ResourcePoweredOff",
        "ResourceEvent.1.3.ResourceChanged",
        "ResourceEvent.1.3.ResourcePoweredOn",
        "ResourceEvent.1.3.ResourceChanged",
        "ResourceEvent.1.3.ResourcePoweredOff",
        "ResourceEvent.1.3.ResourcePoweredOn",
        "ResourceEvent.1.3.ResourceChanged",
    ]


async def _count(recorder: Recorder, n: int) -> bool:
    return len(recorder.received) >= n


async def test_reset_refuses_bad_parameters(rf: httpx.AsyncClient) -> None:
    assert_redfish_error(await rf.post(RESET, json={}), 400, "ActionParameterMissing")
    wrong = await rf.post(RESET, json={"ResetType": "Explode"})
    assert_redfish_error(wrong, 400, "PropertyValueNotInList")
    extra = await rf.post(RESET, json={"ResetType": "On", "Force": True})
    assert_redfish_error(extra, 400, "ActionParameterUnknown")
    await rf.post(RESET, json={"ResetType": "ForceOff"})
    restart = await rf.post(RESET, json={"ResetType": "GracefulRestart"})
    assert restart.status_code == 409


async def test_subscription_lifecycle_and_validation(rf: httpx.AsyncClient) -> None:
    location = await subscribe(rf, "http://127.0.0.1:9/x", RegistryPrefixes=["Environmental"])
    sub = (await rf.get(location)).json()
    assert sub["Destination"] == "http://127.0.0.1:9/x"
    assert sub["RegistryPrefixes"] == ["Environmental"]
    assert sub["DeliveryRetryPolicy"] == "TerminateAfterRetries"
    listed = (await rf.get(SUBS)).json()
    assert listed["Members"] == [{"@odata.id": location}]
    patched = await rf.patch(location, json={"Context": "renamed"})
    assert patched.json()["Context"] == "renamed"
    assert (await rf.delete(location)).status_code == 204
    assert (await rf.get(location)).status_code == 404
    assert (await rf.delete(location)).status_code == 404
    missing = await rf.post(SUBS, json={"Protocol": "Redfish"})
    assert_redfish_error(missing, 400, "PropertyMissing")
    bad_url = await rf.post(SUBS, json={"Destination": "ftp://x"})
    assert_redfish_error(bad_url, 400, "PropertyValueFormatError")
    bad_prefix = await rf.post(SUBS, json={"Destination": "http://x/", "RegistryPrefixes": ["Z"]})
    body = assert_redfish_error(bad_prefix, 400, "PropertyValueNotInList")
    assert body["error"]["@Message.ExtendedInfo"][0]["RelatedProperties"] == ["#/RegistryPrefixes"]


async def test_filters_and_test_event(rf: httpx.AsyncClient, servers: Servers) -> None:
    envs, env_sink = await servers.recorder()
    tests, test_sink = await servers.recorder()
    await subscribe(rf, env_sink.url + "/env", RegistryPrefixes=["Environmental"])
    await subscribe(rf, test_sink.url + "/base", MessageIds=["Base.1.19.Success"])
    await admin(rf, "/nodes/node1/fans/Fan1/fail")
    submitted = await rf.post(
        "/redfish/v1/EventService/Actions/EventService.SubmitTestEvent",
        json={"MessageId": "Base.1.19.Success", "Message": "hello", "MessageSeverity": "OK"},
    )
    assert submitted.status_code == 204
    await wait_for(lambda: _count(envs, 1), what="the fan event")
    await wait_for(lambda: _count(tests, 1), what="the test event")
    assert message_ids(envs) == ["Environmental.1.1.FanFailed"]
    fan = envs.bodies()[0]["Events"][0]
    assert fan["OriginOfCondition"]["@odata.id"].endswith("/ThermalSubsystem/Fans/Fan1")
    assert fan["MessageSeverity"] == "Warning"
    test = tests.bodies()[0]["Events"][0]
    assert (test["MessageId"], test["Message"]) == ("Base.1.19.Success", "hello")


async def test_pushes_are_retried_until_delivered(rf: httpx.AsyncClient, servers: Servers) -> None:
    recorder, sink = await servers.recorder(Recorder(status=503))
    await subscribe(rf, sink.url + "/events")
    await rf.post(RESET, json={"ResetType": "ForceOff"})
    await wait_for(lambda: _count(recorder, 2), what="a failed push and its retry")
    recorder.status = 204
    delivered = len(recorder.received)
    await wait_for(lambda: _count(recorder, delivered + 1), what="the delivery")
    await rf.post(RESET, json={"ResetType": "On"})
    await wait_for(lambda: _count(recorder, delivered + 2), what="the next event")
    assert recorder.bodies()[-1]["Events"][0]["MessageId"].endswith("ResourcePoweredOn")


async def test_subscription_ends_after_its_retries(
    start_site: SiteFactory, servers: Servers
) -> None:
    site = await start_site(event_retry_attempts=1)
    recorder, sink = await servers.recorder(Recorder(status=500))
    async with httpx.AsyncClient(base_url=site.url, auth=AUTH) as rf:
        location = await subscribe(rf, sink.url + "/events")
        await rf.post(RESET, json={"ResetType": "ForceOff"})

        async def gone() -> bool:
            return (await rf.get(location)).status_code == 404

        await wait_for(gone, what="the subscription to end")
    assert len(recorder.received) == 2


async def test_link_outage_drops_redfish_but_keeps_admin(
    rf: httpx.AsyncClient, servers: Servers
) -> None:
    recorder, sink = await servers.recorder()
    await subscribe(rf, sink.url + "/events")
    state = await admin(rf, "/link", {"downSeconds": 60})
    assert state["linkDownForSeconds"] > 50
    with pytest.raises(httpx.TransportError):
        await rf.get("/redfish/v1/Systems/node1")
    await admin(rf, "/nodes/node1/power", {"state": "off"})
    assert (await admin(rf, "/state"))["nodes"][0]["powerState"] == "Off"
    assert recorder.received == []
    await admin(rf, "/link", {"downSeconds": 0})
    assert (await rf.get("/redfish/v1/Systems/node1")).json()["PowerState"] == "Off"
    await wait_for(lambda: _count(recorder, 1), what="the queued event after the outage")
