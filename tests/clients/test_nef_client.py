"""The OP's NEF client against the real NEF mock on loopback: a round trip of every operation,
every request and answer checked against openapi/nef.yaml, errors as domain errors, tokens."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import ValidationError

from mec_mocks.common.recorder import Recorder
from mec_mocks.common.serving import RunningServer
from mec_mocks.testing import Servers
from op_platform.clients.call import PeerError
from op_platform.clients.nef import NefClient, nef_token_provider
from op_platform.errors import Unavailable, UpstreamError
from op_platform.models.nef import (
    AsSessionWithQoSSubscription,
    AsSessionWithQoSSubscriptionPatch,
    DnaiInformation,
    EasDeployInfo,
    EdiDeleteCriteria,
    EventNotification,
    FlowInfo,
    FqdnPatternMatchingRule,
    IpAddr,
    MonitoringEventSubscription,
    MonitoringNotification,
    RouteToLocation,
    TrafficInfluSub,
    TrafficInfluSubPatch,
    UsageThreshold,
    UserPlaneEvent,
    UserPlaneNotificationData,
)
from tests.helpers.contract import assert_conforms, assert_request_conforms, find_operation, load
from tests.mec_mocks.nef.helpers import received, start_nef

SPEC = "nef.yaml"


class Checked:
    """An httpx client whose every request and answer is checked against openapi/nef.yaml."""

    def __init__(self) -> None:
        self.operations: set[str] = set()
        self.http = httpx.AsyncClient(
            timeout=10.0,
            event_hooks={"request": [self._request], "response": [self._response]},
        )

    async def _request(self, request: httpx.Request) -> None:
        self.operations.add(assert_request_conforms(request, SPEC))

    async def _response(self, response: httpx.Response) -> None:
        await response.aread()
        _, op = find_operation(SPEC, response.request.method, response.request.url.path)
        assert_conforms(response, op["operationId"], SPEC)


@pytest.fixture
async def servers(tmp_path: Path) -> AsyncIterator[Servers]:
    s = Servers(tmp_path)
    yield s
    await s.close()


@pytest.fixture
async def checked() -> AsyncIterator[Checked]:
    c = Checked()
    yield c
    await c.http.aclose()


@pytest.fixture
async def nef(servers: Servers) -> RunningServer:
    return await start_nef(servers)


@pytest.fixture
async def sink(servers: Servers) -> tuple[Recorder, str]:
    rec, server = await servers.recorder()
    return rec, server.url


def client_for(http: httpx.AsyncClient, url: str, secret: str = "secret-1") -> NefClient:
    tokens = nef_token_provider(http, url, "af-1", secret)
    return NefClient(http, url, "af-1", tokens, timeout=5.0)


def steering(sink_url: str) -> TrafficInfluSub:
    return TrafficInfluSub(
        af_app_id="edge-app",
        ipv4_addr="10.45.0.2",
        traffic_routes=[RouteToLocation(dnai="dnai-a", route_prof_id="site-a")],
        subscribed_events=["UP_PATH_CHANGE"],
        notification_destination=f"{sink_url}/up",
    )


def qos_session(sink_url: str) -> AsSessionWithQoSSubscription:
    return AsSessionWithQoSSubscription(
        ue_ipv4_addr="10.45.0.2",
        flow_info=[FlowInfo(flow_id=1, flow_descriptions=["permit out ip from any to 10.45.0.2"])],
        qos_reference="QOS_L",
        usage_threshold=UsageThreshold(duration=600),
        events=[UserPlaneEvent.QOS_GUARANTEED, UserPlaneEvent.QOS_NOT_GUARANTEED],
        notification_destination=f"{sink_url}/qos",
    )


def deployment() -> EasDeployInfo:
    return EasDeployInfo(
        app_id="edge-app",
        dnn="internet",
        fqdn_pattern_list=[FqdnPatternMatchingRule(regex=r"^app\.example$")],
        dnai_infos={
            "dnai-b": DnaiInformation(dnai="dnai-b", eas_ip_addrs=[IpAddr(ipv4_addr="192.0.2.7")])
        },
    )


def location(sink_url: str, reports: int) -> MonitoringEventSubscription:
    return MonitoringEventSubscription(
        msisdn="33610000001",
        maximum_number_of_reports=reports,
        notification_destination=f"{sink_url}/loc",
    )


def northbound_operations() -> set[str]:
    return {
        op["operationId"]
        for path, item in load(SPEC)["paths"].items()
        if not path.startswith(("/admin", "/healthz"))
        for method, op in item.items()
        if method != "parameters"
    }


async def test_round_trip_of_every_operation(
    checked: Checked, nef: RunningServer, sink: tuple[Recorder, str]
) -> None:
    url = sink[1]
    nef_client = client_for(checked.http, nef.url)

    ti = await nef_client.create_traffic_influence(steering(url))
    assert ti.location.endswith(ti.id) and ti.body.self_link == ti.location
    assert [s.self_link for s in await nef_client.list_traffic_influences()] == [ti.location]
    assert (await nef_client.get_traffic_influence(ti.id)).af_app_id == "edge-app"
    changed = steering(url).model_copy(update={"af_app_id": "other"})
    assert (await nef_client.update_traffic_influence(ti.id, changed)).af_app_id == "other"
    patch = TrafficInfluSubPatch(traffic_routes=[RouteToLocation(dnai="dnai-b", route_prof_id="b")])
    patched = await nef_client.patch_traffic_influence(ti.id, patch)
    assert [r.dnai for r in patched.traffic_routes or []] == ["dnai-b"]
    await nef_client.delete_traffic_influence(ti.id)

    qos = await nef_client.create_qos_session(qos_session(url))
    assert qos.body.qos_reference == "QOS_L"
    assert len(await nef_client.list_qos_sessions(ue_ipv4_addr="10.45.0.2")) == 1
    assert await nef_client.list_qos_sessions(ue_ipv4_addr="10.45.0.3") == []
    assert (await nef_client.get_qos_session(qos.id)).self_link == qos.location
    updated = qos_session(url).model_copy(update={"qos_reference": "QOS_M"})
    assert (await nef_client.update_qos_session(qos.id, updated)).qos_reference == "QOS_M"
    patched_qos = await nef_client.patch_qos_session(
        qos.id, AsSessionWithQoSSubscriptionPatch(qos_reference="QOS_S")
    )
    assert patched_qos.qos_reference == "QOS_S"
    report = await nef_client.delete_qos_session(qos.id)
    assert report is not None and report.event_reports[0].event == UserPlaneEvent.USAGE_REPORT
    plain = qos_session(url).model_copy(update={"usage_threshold": None})
    assert (
        await nef_client.delete_qos_session((await nef_client.create_qos_session(plain)).id) is None
    )

    eas = await nef_client.create_eas_deployment(deployment())
    assert [d.app_id for d in await nef_client.list_eas_deployments()] == ["edge-app"]
    assert (await nef_client.get_eas_deployment(eas.id)).dnai_infos is not None
    renamed = deployment().model_copy(update={"app_id": "renamed"})
    assert (await nef_client.update_eas_deployment(eas.id, renamed)).app_id == "renamed"
    await nef_client.delete_eas_deployment(eas.id)
    await nef_client.create_eas_deployment(deployment())
    await nef_client.remove_eas_deployments(EdiDeleteCriteria(af_id="af-1"))
    assert await nef_client.list_eas_deployments() == []

    once = await nef_client.locate_once(location(url, 1))
    assert once.location_info is not None and once.location_info.cell_id
    mon = await nef_client.create_location_subscription(location(url, 5))
    assert [m.self_link for m in await nef_client.list_location_subscriptions()] == [mon.location]
    assert (await nef_client.get_location_subscription(mon.id)).maximum_number_of_reports == 5
    more = location(url, 7)
    assert (
        await nef_client.update_location_subscription(mon.id, more)
    ).maximum_number_of_reports == 7
    await nef_client.delete_location_subscription(mon.id)

    assert checked.operations == northbound_operations()


async def test_notifications_parse_with_the_client_models(
    checked: Checked, nef: RunningServer, sink: tuple[Recorder, str]
) -> None:
    rec, url = sink
    nef_client = client_for(checked.http, nef.url)
    await nef_client.create_traffic_influence(steering(url))
    qos = await nef_client.create_qos_session(qos_session(url))
    await nef_client.create_location_subscription(location(url, 3))
    ue = (await checked.http.get(nef.url + "/admin/ues/ue-1")).json()
    target = "dnai-b" if ue["dnai"] == "dnai-a" else "dnai-a"
    await checked.http.post(nef.url + "/admin/ues/ue-1/move", json={"dnai": target})
    (up,) = await received(rec, 1, "/up")
    change = EventNotification.model_validate(up)
    assert (change.source_dnai, change.target_dnai) == (ue["dnai"], target)
    (guaranteed,) = await received(rec, 1, "/qos")
    note = UserPlaneNotificationData.model_validate(guaranteed)
    assert note.transaction == qos.location
    assert note.event_reports[0].event == UserPlaneEvent.QOS_GUARANTEED
    (loc,) = await received(rec, 1, "/loc")
    located = MonitoringNotification.model_validate(loc)
    assert located.monitoring_event_reports is not None
    assert located.monitoring_event_reports[0].location_info is not None


async def test_errors_become_domain_errors(
    checked: Checked, nef: RunningServer, sink: tuple[Recorder, str]
) -> None:
    nef_client = client_for(checked.http, nef.url)
    body = steering(sink[1]).model_copy(
        update={"traffic_routes": [RouteToLocation(dnai="dnai-x", route_prof_id="x")]}
    )
    with pytest.raises(PeerError) as bad:
        await nef_client.create_traffic_influence(body)
    assert bad.value.peer_status == 400
    assert bad.value.peer_body["invalidParams"][0]["param"] == "/trafficRoutes/0/dnai"
    with pytest.raises(PeerError) as missing:
        await nef_client.get_qos_session("no-such-session")
    assert missing.value.peer_status == 404
    unknown = qos_session(sink[1]).model_copy(update={"ue_ipv4_addr": "10.45.7.7"})
    with pytest.raises(PeerError) as no_ue:
        await nef_client.create_qos_session(unknown)
    assert no_ue.value.peer_body["invalidParams"][0]["param"] == "/ueIpv4Addr"
    await checked.http.post(nef.url + "/admin/down", json={"seconds": 30})
    with pytest.raises(PeerError) as down:
        await nef_client.list_traffic_influences()
    assert down.value.peer_status == 503
    assert down.value.retry_after is not None and 0 < down.value.retry_after <= 30
    with pytest.raises(UpstreamError, match="client credentials"):
        await client_for(checked.http, nef.url, secret="wrong").list_eas_deployments()
    with pytest.raises(ValueError, match="maximum_number_of_reports=1"):
        await nef_client.locate_once(location(sink[1], 2))


async def test_unreachable_nef_is_unavailable() -> None:
    async with httpx.AsyncClient(timeout=2.0) as http:
        nef_client = client_for(http, "http://127.0.0.1:9")
        with pytest.raises(Unavailable):
            await nef_client.list_traffic_influences()


async def test_a_restarted_nef_gets_a_new_token(
    servers: Servers, checked: Checked, tmp_path: Path
) -> None:
    db = str(tmp_path / "nef.db")
    first = await start_nef(servers, database=db)
    nef_client = client_for(checked.http, first.url)
    created = await nef_client.create_eas_deployment(deployment())
    port = first.port
    await servers.stop(first)
    await start_nef(servers, database=db, port=port)
    assert (await nef_client.get_eas_deployment(created.id)).app_id == "edge-app"
    assert nef_client.tokens.fetches == 2


def test_models_use_wire_names_and_name_bad_fields() -> None:
    body = steering("http://127.0.0.1:9").wire()
    assert body["afAppId"] == "edge-app" and body["ipv4Addr"] == "10.45.0.2"
    assert body["trafficRoutes"] == [{"dnai": "dnai-a", "routeProfId": "site-a"}]
    assert "self" not in body
    parsed = TrafficInfluSub.model_validate({**body, "self": "http://nef/x"})
    assert parsed.self_link == "http://nef/x"
    with pytest.raises(ValidationError, match="ipv4Addr, ipv6Addr, macAddr, gpsi"):
        TrafficInfluSub.model_validate({**body, "gpsi": "msisdn-33610000001"})
    with pytest.raises(ValidationError) as bad:
        AsSessionWithQoSSubscription.model_validate(
            {"ueIpv4Addr": "10.45.0.999", "notificationDestination": "http://127.0.0.1:9"}
        )
    assert bad.value.errors()[0]["loc"] == ("ueIpv4Addr",)
    with pytest.raises(ValidationError) as bad:
        FlowInfo.model_validate({"flowId": 1, "tosTC": 5})
    assert bad.value.errors()[0]["loc"] == ("tosTC",)
    qos = qos_session("http://127.0.0.1:9").wire()
    assert qos["usageThreshold"] == {"duration": 600}
    assert json.loads(json.dumps(qos))["events"] == ["QOS_GUARANTEED", "QOS_NOT_GUARANTEED"]
    with pytest.raises(ValidationError, match="maximumNumberOfReports and monitorExpireTime"):
        MonitoringEventSubscription(
            msisdn="33610000001", notification_destination="http://127.0.0.1:9"
        )


def test_a_gpsi_alone_names_the_ue() -> None:
    stored: dict[str, Any] = AsSessionWithQoSSubscription(
        gpsi="msisdn-33610000001",
        notification_destination="http://127.0.0.1:9",
        qos_reference="QOS_E",
    ).wire()
    assert stored == {
        "gpsi": "msisdn-33610000001",
        "notificationDestination": "http://127.0.0.1:9",
        "qosReference": "QOS_E",
    }
