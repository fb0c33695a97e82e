"""``conformance serve``: the kit is a strict partner and this project's OP the system under test.

The OP federates with it (admin API), subscribes to its zones, carries an NBI application to it
(UploadFile, UploadArtefact, OnboardApplication through its outbox), installs an instance and
reserves a pool with its EWBI client, and deletes the federation; every callback goes back to
the OP with the credentials it gave. A raw client sending broken bodies is named call by call.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from op_platform.clients.ewbi import calls
from op_platform.conformance.partner.app import Partner, create_partner_app
from op_platform.conformance.partner.store import FLAVOUR
from op_platform.conformance.profiles import Profile
from op_platform.keys import PLATFORM
from op_platform.models.ewbi import paths
from op_platform.models.ewbi.lcm import InstallAppRequest
from op_platform.models.ewbi.pools import CreateResourcePoolsRequest
from op_platform.services.deps import Deps
from tests.conformance.helpers import FAST
from tests.conftest import OpFactory
from tests.helpers.federation import wait_for
from tests.helpers.servers import Running, RunningOp, serve
from tests.nbi.helpers import headers, manifest, nbi

SECRET = "serve-client-secret"
PARTNER_ID = "kit-partner"


@dataclass
class Served:
    partner: Partner
    running: Running

    async def report(self, http: httpx.AsyncClient) -> dict[str, Any]:
        response = await http.get(self.running.url + "/report")
        assert response.status_code == 200
        found: dict[str, Any] = response.json()
        return found

    async def result(self, http: httpx.AsyncClient, name: str) -> dict[str, Any]:
        report = await self.report(http)
        return next(r for r in report["results"] if r["name"] == name)


@pytest.fixture(params=["strict", "lenient"])
def profile(request: pytest.FixtureRequest) -> Profile:
    value: Profile = request.param
    return value


@pytest.fixture
async def served(http: httpx.AsyncClient, profile: Profile) -> AsyncIterator[Served]:
    async with httpx.AsyncClient(timeout=10.0) as own:
        partner = Partner("op-sut", SECRET, PARTNER_ID, profile, "", own)
        running = await serve(create_partner_app(partner))
        partner.base_url = running.url
        yield Served(partner, running)
        await partner.notifier.drain()
        await running.stop()


async def sut(start_ops: OpFactory, served: Served) -> RunningOp:
    url = served.running.url
    partner = {
        "id": PARTNER_ID,
        "ewbi_base_url": url + paths.EWBI_ROOT,
        "token_url": url + paths.OAUTH_TOKEN,
        "client_id": "op-sut",
        "client_secret": SECRET,
    }
    return await start_ops("op-sut", partners=[partner], **FAST)


def deps(op: RunningOp) -> Deps:
    assert op.settings is not None
    return op.app[PLATFORM].deps


async def passed(served: Served, http: httpx.AsyncClient, *names: str) -> bool:
    report = {r["name"]: r for r in (await served.report(http))["results"]}
    failed = {
        n: [f["message"] for f in r["findings"]] for n, r in report.items() if r["status"] == "fail"
    }
    assert not failed, failed
    return all(report[name]["status"] == "pass" and report[name]["exchanges"] for name in names)


async def test_our_op_against_the_strict_partner(
    start_ops: OpFactory, served: Served, http: httpx.AsyncClient
) -> None:
    op = await sut(start_ops, served)
    created = await http.post(
        op.url + "/admin/federations", json={"partnerId": PARTNER_ID, "subscribeZones": True}
    )
    assert created.status_code in (200, 201), created.text
    ctx = created.json()["federation_context_id"]
    await wait_for(
        lambda: passed(
            served, http, "callback:onPartnerStatusEvent", "callback:onZoneResourceUpdateEvent"
        ),
        what="callbacks",
    )

    h = await headers(http, op.url)
    submitted = await http.post(nbi(op.url, "/apps"), json=manifest(), headers=h)
    assert submitted.status_code == 201, submitted.text
    await wait_for(
        lambda: passed(
            served,
            http,
            "UploadFile",
            "UploadArtefact",
            "OnboardApplication",
            "callback:onApplicationOnboardStatusEvent",
        ),
        what="onboarding",
    )

    fed = served.partner.store.federations[ctx]
    app_id = next(iter(fed.apps))
    client = deps(op).partner_client(PARTNER_ID)
    install = InstallAppRequest.model_validate(
        {
            "appId": app_id,
            "appVersion": "1.0",
            "appProviderId": fed.apps[app_id]["appProviderId"],
            "zoneInfo": {"zoneId": "kit-zone-1", "flavourId": FLAVOUR},
            "appInstCallbackLink": paths.callback_link(op.url, "onInstanceStatusEvent"),
        }
    )
    await client.send(calls.install_app(ctx, install))
    request = CreateResourcePoolsRequest.model_validate(
        {
            "resRequest": {
                "poolName": "pool_served",
                "flavours": [{"flavourId": FLAVOUR, "numFlavour": 1}],
                "reserveDuration": {"numOfDays": 1},
            },
            "resourceReservationCallbackLink": paths.callback_link(
                op.url, "onResourceStatusChangeEvent"
            ),
        }
    )
    await client.send(calls.create_resource_pools(ctx, "kit-zone-1", "GameStudio01", request))
    await wait_for(
        lambda: passed(
            served, http, "callback:onInstanceStatusEvent", "callback:onResourceStatusChangeEvent"
        ),
        what="lcm callbacks",
    )

    deleted = await http.delete(op.url + f"/admin/federations/{PARTNER_ID}")
    assert deleted.status_code in (200, 204), deleted.text
    await served.partner.notifier.drain()
    report = await served.report(http)
    failed = {
        r["name"]: [f["message"] for f in r["findings"]]
        for r in report["results"]
        if r["status"] == "fail"
    }
    assert failed == {}
    called = {r["name"] for r in report["results"] if r["status"] == "pass"}
    assert {
        "CreateFederation",
        "ZoneSubscribe",
        "InstallApp",
        "CreateResourcePools",
        "DeleteFederationDetails",
    } <= called
    page = await http.get(served.running.url + "/report.html")
    assert page.status_code == 200 and "summary" in page.text


@pytest.mark.parametrize("profile", ["strict"])
async def test_a_broken_client_is_named_call_by_call(
    served: Served, http: httpx.AsyncClient
) -> None:
    url = served.running.url
    token = (
        await http.post(
            url + paths.OAUTH_TOKEN,
            auth=("op-sut", SECRET),
            data={"grant_type": "client_credentials", "scope": "fed-mgmt"},
        )
    ).json()
    h = {"Authorization": f"Bearer {token['access_token']}"}
    ewbi = url + paths.EWBI_ROOT
    bad = {
        "origOPFederationId": "-bad id",
        "initialDate": "yesterday",
        "partnerStatusLink": "http://127.0.0.1:9/status",
    }
    refused = await http.post(ewbi + paths.partner(), json=bad, headers=h)
    assert refused.status_code == 400
    assert refused.headers["Content-Type"].startswith("application/problem+json")
    params = {p["param"] for p in refused.json()["invalidParams"]}
    assert params == {"$.origOPFederationId", "$.initialDate", "$.partnerStatusLink"}
    anonymous = await http.get(ewbi + paths.federation("nope"))
    assert anonymous.status_code == 401
    unknown = await http.post(
        ewbi + paths.zones("nope"), json={"acceptedAvailabilityZones": []}, headers=h
    )
    assert unknown.status_code == 400

    results = {r["name"]: r for r in (await served.report(http))["results"]}
    assert {(f["rule"], f["path"]) for f in results["CreateFederation"]["findings"]} == {
        ("pattern", "$.origOPFederationId"),
        ("format", "$.initialDate"),
        ("spelling", "$.partnerStatusLink"),
    }
    assert {(f["rule"], f["path"]) for f in results["GetFederationDetails"]["findings"]} == {
        ("auth", "$headers.Authorization")
    }
    assert {(f["rule"], f["path"]) for f in results["ZoneSubscribe"]["findings"]} == {
        ("minItems", "$.acceptedAvailabilityZones"),
        ("required", "$.availZoneNotifLink"),
    }
    assert results["ViewFile"]["status"] == "skip"
