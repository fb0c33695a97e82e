"""EWBI client: application onboarding calls (paths, bodies, answers, partner errors)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from op_platform.clients.ewbi import calls
from op_platform.models.ewbi import paths
from op_platform.models.ewbi.applications import (
    AdditionalZonesRequest,
    OnboardApplicationRequest,
    UpdateApplicationRequest,
    ZoneForbidRequest,
)
from op_platform.models.ewbi.variant import (
    ApplicationType,
    VariantOnboardingRequest,
    VariantOnboardingResult,
    VariantOperationAccepted,
)
from tests.helpers.applications import onboard_body
from tests.helpers.ewbi_client import Peer, expect_peer_error, sent

CTX = "ctx-1"
APP = "edge_app_one"
ARTEFACT = "3f0c3c1e-8d3b-4b1a-9a53-6c4d1f0a2b11"
CALLBACK = "http://127.0.0.1:1/cb/onApplicationOnboardStatusEvent"


def onboard_request() -> OnboardApplicationRequest:
    return OnboardApplicationRequest.model_validate(onboard_body(APP, ARTEFACT, CALLBACK))


UPDATE = UpdateApplicationRequest.model_validate(
    {"appUpdQoSProfile": {"latencyConstraint": "ULTRALOW"}}
)
ZONES = AdditionalZonesRequest.model_validate(["zone-3"])
FORBID = ZoneForbidRequest.model_validate([{"zoneId": "zone-1", "forbid": True}])
VARIANT = VariantOnboardingRequest.model_validate(
    {
        "appPkgName": "pkg",
        "appPkgVersion": "1.0",
        "appProvider": "provider",
        "appPkgPath": "https://repo.example.com/pkg.zip",
        "checksum": {"algorithm": "SHA-256", "hash": "ab" * 32},
        "appStatusCallbackLink": CALLBACK,
        "originOperationId": "op-1",
    }
)
VARIANT_PATH = paths.app_packages(CTX, "21401", "cross-network")


async def test_onboard_update_view_and_zone_calls() -> None:
    peer = Peer()
    body = onboard_request()
    peer.answer("POST", paths.onboarding(CTX), 202)
    peer.answer("PATCH", paths.onboarded_app(CTX, APP), 202)
    view = {k: v for k, v in body.wire().items() if k != "appStatusCallbackLink"}
    peer.answer("GET", paths.onboarded_app(CTX, APP), 200, view)
    peer.answer("POST", paths.additional_zones(CTX, APP), 202)
    peer.answer("POST", paths.zone_forbid(CTX, APP), 200)
    peer.answer("DELETE", paths.onboarded_app_zone(CTX, APP, "zone-2"), 202)
    peer.answer("DELETE", paths.onboarded_app(CTX, APP), 202)
    client = peer.client()

    await client.send(calls.onboard_application(CTX, body))
    method, path, sent_body = sent(peer.last)
    assert (method, path) == ("POST", f"/{CTX}/application/onboarding")
    assert sent_body["appStatusCallbackLink"] == CALLBACK
    assert sent_body["appMetaData"]["accessToken"] == "A" + "b" * 40
    assert OnboardApplicationRequest.model_validate(sent_body) == body

    await client.send(calls.update_application(CTX, APP, UPDATE))
    # The standard's field name goes on the wire, whichever spelling was read.
    assert sent(peer.last) == (
        "PATCH",
        f"/{CTX}/application/onboarding/app/{APP}",
        {"appUpdQoSProfile": {"latencyConstraints": "ULTRALOW"}},
    )

    info = await client.send(calls.view_application(CTX, APP))
    assert [z.zoneInfo for z in info.appDeploymentZones] == ["zone-1", "zone-2"]
    assert info.appComponentSpecs[0].artefactId == ARTEFACT

    await client.send(calls.onboard_existing_app_new_zones(CTX, APP, ZONES))
    assert sent(peer.last)[1:] == (
        f"/{CTX}/application/onboarding/app/{APP}/additionalZones",
        ["zone-3"],
    )
    await client.send(calls.lock_unlock_application_zone(CTX, APP, FORBID))
    assert sent(peer.last)[1:] == (
        f"/{CTX}/application/onboarding/app/{APP}/zoneForbid",
        [{"zoneId": "zone-1", "forbid": True}],
    )
    await client.send(calls.deboard_application(CTX, APP, "zone-2"))
    assert sent(peer.last) == (
        "DELETE",
        f"/{CTX}/application/onboarding/app/{APP}/zone/zone-2",
        None,
    )
    await client.send(calls.delete_app(CTX, APP))
    assert sent(peer.last) == ("DELETE", f"/{CTX}/application/onboarding/app/{APP}", None)


async def test_variant_answers_201_or_202() -> None:
    peer = Peer()
    client = peer.client()
    peer.answer(
        "POST",
        VARIANT_PATH,
        201,
        {"appPkgId": "p1", "onboardingState": "ONBOARDED", "operationId": "o1", "extra": 1},
    )
    done = await client.send(
        calls.onboard_app_package_variant(CTX, "21401", ApplicationType.CROSS_NETWORK, VARIANT)
    )
    assert isinstance(done, VariantOnboardingResult)
    assert done.onboardingState == "ONBOARDED" and done.model_extra == {"extra": 1}
    method, path, body = sent(peer.last)
    assert method == "POST"
    assert path == f"/{CTX}/op_target_systems/21401/apptype/cross-network/app_packages"
    assert body["appStatusCallbackLink"] == CALLBACK and body["originOperationId"] == "op-1"

    peer.answer("POST", VARIANT_PATH, 202, {"operationId": "o2", "state": "PROCESSING"})
    pending = await client.send(
        calls.onboard_app_package_variant(CTX, "21401", ApplicationType.CROSS_NETWORK, VARIANT)
    )
    assert isinstance(pending, VariantOperationAccepted) and pending.operationId == "o2"


Call = Callable[[Any], Awaitable[Any]]
CALLS: dict[str, tuple[str, str, Call]] = {
    "OnboardApplication": (
        "POST",
        paths.onboarding(CTX),
        lambda c: c.send(calls.onboard_application(CTX, onboard_request())),
    ),
    "UpdateApplication": (
        "PATCH",
        paths.onboarded_app(CTX, APP),
        lambda c: c.send(calls.update_application(CTX, APP, UPDATE)),
    ),
    "ViewApplication": (
        "GET",
        paths.onboarded_app(CTX, APP),
        lambda c: c.send(calls.view_application(CTX, APP)),
    ),
    "DeboardApplication": (
        "DELETE",
        paths.onboarded_app_zone(CTX, APP, "zone-1"),
        lambda c: c.send(calls.deboard_application(CTX, APP, "zone-1")),
    ),
    "DeleteApp": (
        "DELETE",
        paths.onboarded_app(CTX, APP),
        lambda c: c.send(calls.delete_app(CTX, APP)),
    ),
    "OnboardExistingAppNewZones": (
        "POST",
        paths.additional_zones(CTX, APP),
        lambda c: c.send(calls.onboard_existing_app_new_zones(CTX, APP, ZONES)),
    ),
    "LockUnlockApplicationZone": (
        "POST",
        paths.zone_forbid(CTX, APP),
        lambda c: c.send(calls.lock_unlock_application_zone(CTX, APP, FORBID)),
    ),
    "OnboardAppPackageVariant": (
        "POST",
        VARIANT_PATH,
        lambda c: c.send(
            calls.onboard_app_package_variant(CTX, "21401", ApplicationType.CROSS_NETWORK, VARIANT)
        ),
    ),
}


@pytest.mark.parametrize("status", [400, 404, 409, 422])
@pytest.mark.parametrize("operation", sorted(CALLS))
async def test_partner_errors_carry_its_problem(operation: str, status: int) -> None:
    peer = Peer()
    method, path, call = CALLS[operation]
    client = peer.client()
    await expect_peer_error(peer, method, path, status, lambda: call(client))
