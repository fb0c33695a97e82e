"""EWBI client: application instance calls (paths, bodies, answers, partner errors)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from op_platform.clients.ewbi import calls
from op_platform.errors import UpstreamError
from op_platform.models.ewbi import paths
from op_platform.models.ewbi.enums import InstanceState
from op_platform.models.ewbi.lcm import InstallAppRequest
from tests.helpers.ewbi_client import Peer, expect_peer_error, sent

CTX = "ctx-1"
APP = "edge_app_one"
INST = "inst_0001"
PROVIDER = "provider_one"
CALLBACK = "http://127.0.0.1:1/cb/onInstanceStatusEvent"
INSTALL = InstallAppRequest.model_validate(
    {
        "appId": APP,
        "appVersion": "1.0",
        "appProviderId": PROVIDER,
        "zoneInfo": {"zoneId": "zone-1", "flavourId": "fl-small", "resPool": "pool_0001"},
        "appInstCallbackLink": CALLBACK,
    }
)


async def test_install_details_list_and_remove() -> None:
    peer = Peer()
    peer.answer("POST", paths.lcm(CTX), 202, {"zoneId": "zone-1", "appInstIdentifier": INST})
    peer.answer(
        "GET",
        paths.app_instance(CTX, APP, INST, "zone-1"),
        200,
        {
            "appInstanceState": "READY",
            "accesspointInfo": [
                {"interfaceId": "web_interface", "accessPoints": {"port": 8443, "fqdn": "a.b"}}
            ],
        },
    )
    peer.answer(
        "GET",
        paths.app_instances(CTX, APP, PROVIDER),
        200,
        [
            {
                "zoneId": "zone-1",
                "appInstanceInfo": [{"appInstIdentifier": INST, "appInstanceState": "PENDING"}],
            }
        ],
    )
    peer.answer("DELETE", paths.app_instance(CTX, APP, INST, "zone-1"), 200)
    client = peer.client()

    answer = await client.send(calls.install_app(CTX, INSTALL))
    assert (answer.zoneId, answer.appInstIdentifier) == ("zone-1", INST)
    method, path, body = sent(peer.last)
    assert (method, path) == ("POST", f"/{CTX}/application/lcm")
    assert body == INSTALL.wire() and body["zoneInfo"]["resPool"] == "pool_0001"

    details = await client.send(calls.get_app_instance_details(CTX, APP, INST, "zone-1"))
    assert details.appInstanceState == InstanceState.READY
    assert details.accesspointInfo is not None
    assert details.accesspointInfo[0].accessPoints.port == 8443
    assert sent(peer.last)[1] == f"/{CTX}/application/lcm/app/{APP}/instance/{INST}/zone/zone-1"

    listed = await client.send(calls.get_all_app_instances(CTX, APP, PROVIDER))
    assert [(z.zoneId, z.appInstanceInfo[0].appInstIdentifier) for z in listed.root] == [
        ("zone-1", INST)
    ]
    assert sent(peer.last)[1] == f"/{CTX}/application/lcm/app/{APP}/appProvider/{PROVIDER}"

    await client.send(calls.remove_app(CTX, APP, INST, "zone-1"))
    assert sent(peer.last)[0] == "DELETE"


async def test_an_install_answer_without_an_instance_id_is_an_upstream_error() -> None:
    peer = Peer()
    peer.answer("POST", paths.lcm(CTX), 202, {"zoneId": "zone-1"})
    with pytest.raises(UpstreamError):
        await peer.client().send(calls.install_app(CTX, INSTALL))


Call = Callable[[Any], Awaitable[Any]]
INSTANCE = paths.app_instance(CTX, APP, INST, "zone-1")
CALLS: dict[str, tuple[str, str, Call]] = {
    "InstallApp": ("POST", paths.lcm(CTX), lambda c: c.send(calls.install_app(CTX, INSTALL))),
    "GetAppInstanceDetails": (
        "GET",
        INSTANCE,
        lambda c: c.send(calls.get_app_instance_details(CTX, APP, INST, "zone-1")),
    ),
    "RemoveApp": ("DELETE", INSTANCE, lambda c: c.send(calls.remove_app(CTX, APP, INST, "zone-1"))),
    "GetAllAppInstances": (
        "GET",
        paths.app_instances(CTX, APP, PROVIDER),
        lambda c: c.send(calls.get_all_app_instances(CTX, APP, PROVIDER)),
    ),
}


@pytest.mark.parametrize("status", [400, 404, 409, 422])
@pytest.mark.parametrize("operation", sorted(CALLS))
async def test_partner_errors_carry_its_problem(operation: str, status: int) -> None:
    peer = Peer()
    method, path, call = CALLS[operation]
    client = peer.client()
    await expect_peer_error(peer, method, path, status, lambda: call(client))
