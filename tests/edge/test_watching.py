"""Watching an edge site: events lead to reading the nodes they name (not to a poll), the event
receiver admits only the site's gateway, the outbound policy applies to gateways, and the
configuration says what is wrong with a site."""

from __future__ import annotations

import json

import httpx
import pytest

from mec_mocks.testing import Servers
from op_platform import roots
from op_platform.keys import PLATFORM
from op_platform.security.edge_events import event_token
from op_platform.settings import ConfigError, load_settings
from tests.edge.helpers import OpFactory, start_lab
from tests.helpers.federation import wait_for


async def test_an_event_reads_the_node_it_names_and_polls_nothing(
    servers: Servers, start_ops: OpFactory
) -> None:
    lab = await start_lab(servers, start_ops, nodes=2, poll_interval=3600)
    try:
        watcher = lab.watcher
        await wait_for(lambda: watcher.status.polls == 1 and watcher.subscription, what="poll")
        assert (await lab.zone()).status == "AVAILABLE"
        await lab.fault("/nodes/node2/power", {"state": "off"})
        await wait_for(lambda: watcher.status.event_reads > 0, what="an event read")

        async def node2_down() -> bool:
            return (await lab.nodes())["node2"].condition == "down"

        await wait_for(node2_down, what="node2 down")
        assert watcher.status.polls == 1  # the event did not make the OP poll the site
        assert watcher.status.events_received > 0
        nodes = await lab.nodes()
        assert nodes["node1"].condition == "ok"
        assert (await lab.zone()).num_cpu == nodes["node1"].num_cpu
    finally:
        await lab.admin.aclose()


async def test_after_the_first_poll_only_what_moves_is_read(
    servers: Servers, start_ops: OpFactory
) -> None:
    lab = await start_lab(servers, start_ops, nodes=2)
    try:
        watcher = lab.watcher
        await lab.step(60)
        await lab.step(60)
        assert watcher.status.polls >= 2 and watcher.status.full_reads == 1
        await lab.fault("/nodes/node1/fans/all/fail")
        await lab.step(10)
        assert (await lab.nodes())["node1"].condition == "down"  # seen by a cheap read
        assert watcher.status.full_reads == 1
    finally:
        await lab.admin.aclose()


async def test_with_time_running_fast_the_zone_is_degraded_before_it_goes_down(
    servers: Servers, start_ops: OpFactory
) -> None:
    """The site's own clock at 120x: a hot ambient is predicted, then trips every node."""
    lab = await start_lab(servers, start_ops, nodes=2, time_scale=120)
    try:
        await wait_for(lambda: lab.watcher.status.polls > 0, what="first poll")
        await lab.fault("/ambient", {"celsius": 58})
        seen: list[tuple[str, str]] = []

        async def down() -> bool:
            zone = await lab.zone()
            if not seen or seen[-1] != (zone.health, zone.status):
                seen.append((zone.health, zone.status))
            return zone.status == "NOT_AVAILABLE"

        await wait_for(down, deadline_s=300, what="the zone NOT_AVAILABLE")
        assert seen[0] == ("OK", "AVAILABLE") and seen[-1] == ("Down", "NOT_AVAILABLE"), seen
        assert ("Degraded", "AVAILABLE") in seen, seen
    finally:
        await lab.admin.aclose()


async def test_the_receiver_admits_only_the_sites_gateway(
    servers: Servers, start_ops: OpFactory, http: httpx.AsyncClient
) -> None:
    lab = await start_lab(servers, start_ops, nodes=1, poll_interval=3600)
    try:
        settings = lab.op.app[PLATFORM].settings
        url = lab.op.url + roots.EDGE_EVENTS + "/sites/{}/events"
        event = {"Events": [{"MessageId": "x", "OriginOfCondition": {"@odata.id": "/x"}}]}

        async def post(site: str, token: str | None, body: object = event) -> httpx.Response:
            headers = {"Authorization": f"Bearer {token}"} if token else {}
            return await http.post(url.format(site), json=body, headers=headers)

        for site, token in (("zone-1", None), ("zone-1", event_token(settings, "zone-2"))):
            refused = await post(site, token)
            assert refused.status_code == 401, refused.text
            assert refused.headers["content-type"].startswith("application/problem+json")
        unknown = await post("zone-9", event_token(settings, "zone-9"))
        assert unknown.status_code == 404, unknown.text
        bad = await post("zone-1", event_token(settings, "zone-1"), {"Event": 1})
        assert bad.status_code == 400 and "Events" in bad.json()["detail"]
        good = await post("zone-1", event_token(settings, "zone-1"))
        assert good.status_code == 204, good.text
    finally:
        await lab.admin.aclose()


async def test_a_gateway_outside_the_outbound_policy_is_not_called(
    servers: Servers, start_ops: OpFactory
) -> None:
    lab = await start_lab(servers, start_ops, nodes=1, outbound={"schemes": ["http", "https"]})
    try:
        watcher = lab.watcher
        await wait_for(lambda: watcher.status.last_error, what="the refusal")
        assert "edge_site.url" in (watcher.status.last_error or "")
        assert (watcher.status.polls, watcher.status.reachable) == (0, False)
        state = await lab.fault("/advance", {"seconds": 1})
        assert state["subscriptions"] == 0
    finally:
        await lab.admin.aclose()


@pytest.mark.parametrize(
    ("site", "message"),
    [
        ({"url": "http://gw.example.net", "password": "x"}, "must be an https URL"),
        ({"url": "https://gw.example.net"}, "password"),
        ({"url": "https://gw.example.net", "password": "x", "poll_interval": 0}, "poll_interval"),
    ],
)
def test_the_configuration_names_what_is_wrong_with_a_site(
    site: dict[str, object], message: str
) -> None:
    zone = {
        "zone_id": "zone-1",
        "geography_details": "Madrid",
        "latitude": 40.0,
        "longitude": -3.0,
        "edge_site": site,
    }
    with pytest.raises(ConfigError) as raised:
        load_settings(
            environ={
                "OP_OPERATOR_ID": "op-a",
                "OP_COUNTRY_CODE": "ES",
                "OP_ZONES": json.dumps([zone]),
            }
        )
    assert "zones.0.edge_site" in str(raised.value) and message in str(raised.value)
