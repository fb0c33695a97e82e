"""The partner EWBI client: paths, bodies, tokens (cached, retried once on 401), errors."""

from __future__ import annotations

import json
from collections.abc import Callable

import httpx
import pytest

from op_platform.clients.call import PeerError
from op_platform.clients.ewbi import EwbiClient, calls, offers_variant
from op_platform.errors import Unavailable, UpstreamError
from op_platform.models.ewbi.federation import FederationRequestData, UpdateFederationRequest
from op_platform.models.ewbi.zones import ZoneRegistrationRequestData
from op_platform.settings import Partner

ROOT = "http://partner.test/operatorplatform/federation/v1"
ENDPOINT = {"port": 443, "fqdn": "partner.test"}
ZONE = {"zoneId": "z1", "geolocation": "48.85,2.35", "geographyDetails": "Paris"}
REGISTERED = {
    "zoneId": "z1",
    "reservedComputeResources": [
        {"cpuArchType": "ISA_X86_64", "numCPU": 4, "memory": 1024, "diskStorage": 10}
    ],
    "computeResourceQuotaLimits": [
        {"cpuArchType": "ISA_X86_64", "numCPU": 4, "memory": 1024, "diskStorage": 10}
    ],
    "flavoursSupported": [
        {
            "flavourId": "f1",
            "cpuArchType": "ISA_X86_64",
            "supportedOSTypes": [
                {
                    "architecture": "x86_64",
                    "distribution": "UBUNTU",
                    "version": "OS_VERSION_UBUNTU_2204_LTS",
                    "license": "OS_LICENSE_TYPE_FREE",
                }
            ],
            "numCPU": 2,
            "memorySize": 512,
            "storageSize": 5,
        }
    ],
}


def partner(base: str = ROOT) -> Partner:
    return Partner.model_validate(
        {
            "id": "op-b",
            "ewbi_base_url": base,
            "token_url": "http://partner.test/oauth2/token",
            "client_id": "op-a",
            "client_secret": "s3cret",
        }
    )


class FakePartner:
    """A scripted partner: records requests, issues tokens, answers per (method, path)."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self.tokens_issued = 0
        self.reject_next_token = False
        self.answers: dict[tuple[str, str], Callable[[httpx.Request], httpx.Response]] = {}

    def handler(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if request.url.path == "/oauth2/token":
            self.tokens_issued += 1
            return httpx.Response(
                200, json={"access_token": f"tok-{self.tokens_issued}", "expires_in": 3600}
            )
        if self.reject_next_token:
            self.reject_next_token = False
            challenge = {"WWW-Authenticate": 'Bearer error="invalid_token"'}
            return httpx.Response(401, json={"title": "Unauthorized"}, headers=challenge)
        answer = self.answers.get((request.method, request.url.path))
        return answer(request) if answer else httpx.Response(404, json={"detail": "no route"})


@pytest.fixture
def fake() -> FakePartner:
    return FakePartner()


@pytest.fixture
async def client(fake: FakePartner) -> EwbiClient:
    http = httpx.AsyncClient(transport=httpx.MockTransport(fake.handler))
    return EwbiClient(http, partner())


def body_of(request: httpx.Request) -> object:
    return json.loads(request.content)


async def test_federation_calls_use_shared_paths_and_tokens(
    fake: FakePartner, client: EwbiClient
) -> None:
    prefix = "/operatorplatform/federation/v1"
    fake.answers[("POST", prefix + "/partner")] = lambda r: httpx.Response(
        200,
        json={
            "partnerOPFederationId": "op-b",
            "federationContextId": "ctx-1",
            "edgeDiscoveryServiceEndPoint": ENDPOINT,
            "lcmServiceEndPoint": ENDPOINT,
            "offeredAvailabilityZones": [ZONE],
        },
    )
    info = {"edgeDiscoveryServiceEndPoint": ENDPOINT, "lcmServiceEndPoint": ENDPOINT}
    fake.answers[("GET", prefix + "/ctx-1/partner")] = lambda r: httpx.Response(200, json=info)
    fake.answers[("PATCH", prefix + "/ctx-1/partner")] = lambda r: httpx.Response(200, json=info)
    fake.answers[("DELETE", prefix + "/ctx-1/partner")] = lambda r: httpx.Response(200)
    fake.answers[("POST", prefix + "/ctx-1/zones")] = lambda r: httpx.Response(
        200, json={"acceptedZoneResourceInfo": [REGISTERED]}
    )
    fake.answers[("GET", prefix + "/ctx-1/zones/z1")] = lambda r: httpx.Response(
        200, json=REGISTERED
    )
    fake.answers[("DELETE", prefix + "/ctx-1/zones/z1")] = lambda r: httpx.Response(200)

    request = FederationRequestData(
        origOPFederationId="op-a",
        initialDate="2024-01-01T00:00:00Z",  # type: ignore[arg-type]
        federationNotificationDest="http://a.test/cb",
    )
    answer = await client.send(calls.create_federation(request))
    assert answer.federationContextId == "ctx-1"
    sent = fake.requests[-1]
    assert sent.headers["Authorization"] == "Bearer tok-1"
    assert body_of(sent) == {
        "origOPFederationId": "op-a",
        "initialDate": "2024-01-01T00:00:00Z",
        "federationNotificationDest": "http://a.test/cb",
    }
    assert (
        await client.send(calls.get_federation_details("ctx-1"))
    ).lcmServiceEndPoint.fqdn == "partner.test"
    update = UpdateFederationRequest.model_validate(
        {
            "objectType": "FIXED_NETWORK_CODES",
            "operationType": "ADD_CODES",
            "addFixedNetworkIds": ["F"],
            "modificationDate": "2024-01-02T00:00:00Z",
        }
    )
    await client.send(calls.update_federation("ctx-1", update))
    assert body_of(fake.requests[-1])["addFixedNetworkIds"] == ["F"]  # type: ignore[index]
    zones = await client.send(
        calls.zone_subscribe(
            "ctx-1",
            ZoneRegistrationRequestData(
                acceptedAvailabilityZones=["z1"], availZoneNotifLink="http://a/z"
            ),
        )
    )
    assert zones.acceptedZoneResourceInfo[0].zoneId == "z1"
    assert (await client.send(calls.get_zone_data("ctx-1", "z1"))).flavoursSupported[
        0
    ].flavourId == "f1"
    await client.send(calls.zone_unsubscribe("ctx-1", "z1"))
    await client.send(calls.delete_federation_details("ctx-1"))
    assert fake.tokens_issued == 1  # cached across calls
    assert [r.method for r in fake.requests if r.url.path != "/oauth2/token"] == [
        "POST",
        "GET",
        "PATCH",
        "POST",
        "GET",
        "DELETE",
        "DELETE",
    ]


async def test_401_fetches_a_new_token_and_retries_once(
    fake: FakePartner, client: EwbiClient
) -> None:
    fake.answers[("DELETE", "/operatorplatform/federation/v1/ctx-1/partner")] = lambda r: (
        httpx.Response(200)
    )
    await client.send(calls.delete_federation_details("ctx-1"))
    fake.reject_next_token = True
    await client.send(calls.delete_federation_details("ctx-1"))
    assert fake.tokens_issued == 2
    last = fake.requests[-1]
    assert last.headers["Authorization"] == "Bearer tok-2"


async def test_401_about_something_else_is_not_retried(
    fake: FakePartner, client: EwbiClient
) -> None:
    """A 401 without a Bearer challenge (e.g. a refused device token) is the answer: the
    access token is not replaced and the call is not sent again."""
    fake.answers[("DELETE", "/operatorplatform/federation/v1/ctx-1/partner")] = lambda r: (
        httpx.Response(401, json={"title": "Unauthorized", "cause": "INVALID_DEVICE_TOKEN"})
    )
    with pytest.raises(PeerError) as refused:
        await client.send(calls.delete_federation_details("ctx-1"))
    assert refused.value.peer_status == 401
    assert fake.tokens_issued == 1
    assert len([r for r in fake.requests if r.url.path.endswith("/partner")]) == 1


async def test_partner_errors_and_bad_answers(fake: FakePartner, client: EwbiClient) -> None:
    with pytest.raises(PeerError) as error:
        await client.send(calls.get_federation_details("unknown"))
    assert error.value.peer_status == 404
    fake.answers[("GET", "/operatorplatform/federation/v1/ctx-1/partner")] = lambda r: (
        httpx.Response(200, json={"not": "a federation"})
    )
    with pytest.raises(UpstreamError) as bad:
        await client.send(calls.get_federation_details("ctx-1"))
    assert bad.value.cause == "invalid_partner_answer"


async def test_unreachable_partner_is_unavailable() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    http = httpx.AsyncClient(transport=httpx.MockTransport(refuse))
    with pytest.raises(Unavailable):
        await EwbiClient(http, partner()).send(calls.get_federation_details("ctx-1"))
    assert await offers_variant(EwbiClient(http, partner())) is False


async def test_variant_probe_and_bare_base_url(fake: FakePartner) -> None:
    http = httpx.AsyncClient(transport=httpx.MockTransport(fake.handler))
    bare = EwbiClient(http, partner("http://partner.test"))
    assert bare.base_url == ROOT
    assert await offers_variant(bare) is False  # 404
    fake.answers[("GET", "/openapi/ewbi.yaml")] = lambda r: httpx.Response(
        200,
        text="paths:\n  /{federationContextId}/op_target_systems/{t}/apptype/{a}/app_packages:\n",
    )
    assert await offers_variant(bare) is True
    assert "Authorization" not in fake.requests[-1].headers
