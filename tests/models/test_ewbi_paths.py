"""Path helpers shared by the EWBI server and client."""

from __future__ import annotations

import re

import pytest

from op_platform.models.ewbi import paths


def test_roots() -> None:
    assert paths.EWBI_ROOT == "/operatorplatform/federation/v1"
    assert paths.CALLBACKS_ROOT == "/operatorplatform/fedcallbacks/v1"


def test_builders_fill_every_template() -> None:
    built = {
        paths.PARTNER: paths.partner(),
        paths.FEDERATION: paths.federation("ctx1"),
        paths.ZONES: paths.zones("ctx1"),
        paths.ZONE: paths.zone("ctx1", "z1"),
        paths.ARTEFACTS: paths.artefacts("ctx1"),
        paths.ARTEFACT: paths.artefact("ctx1", "a1"),
        paths.FILES: paths.files("ctx1"),
        paths.FILE: paths.file("ctx1", "f1"),
        paths.ONBOARDING: paths.onboarding("ctx1"),
        paths.ONBOARDED_APP: paths.onboarded_app("ctx1", "app1"),
        paths.ONBOARDED_APP_ZONE: paths.onboarded_app_zone("ctx1", "app1", "z1"),
        paths.ADDITIONAL_ZONES: paths.additional_zones("ctx1", "app1"),
        paths.ZONE_FORBID: paths.zone_forbid("ctx1", "app1"),
        paths.LCM: paths.lcm("ctx1"),
        paths.APP_INSTANCE: paths.app_instance("ctx1", "app1", "i1", "z1"),
        paths.APP_INSTANCES: paths.app_instances("ctx1", "app1", "p1"),
        paths.RESOURCE_POOLS: paths.resource_pools("ctx1", "z1", "p1"),
        paths.RESOURCE_POOL: paths.resource_pool("ctx1", "z1", "p1", "pool1"),
        paths.EDGE_DISCOVERY: paths.edge_discovery("ctx1"),
        paths.ROAMING_AUTH: paths.roaming_auth("ctx1", "dev1", "tok1"),
        paths.APP_PACKAGES: paths.app_packages("ctx1", "26806", "cross-network"),
    }
    assert {route.template for route in paths.OPERATIONS} == set(built)
    for template, path in built.items():
        assert "{" not in path
        # The concrete path matches its template segment by segment.
        pattern = "^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "$"
        assert re.match(pattern, path), (template, path)


def test_examples() -> None:
    assert paths.federation("ctx1") == "/ctx1/partner"
    assert (
        paths.app_instance("ctx1", "app_0000001", "inst_0000001", "zone-1")
        == "/ctx1/application/lcm/app/app_0000001/instance/inst_0000001/zone/zone-1"
    )
    assert (
        paths.app_packages("ctx1", "26806", "traditional")
        == "/ctx1/op_target_systems/26806/apptype/traditional/app_packages"
    )


@pytest.mark.parametrize(
    ("value", "quoted"), [("a/b", "a%2Fb"), ("a b", "a%20b"), ("x?y#z", "x%3Fy%23z"), ("..", "..")]
)
def test_values_are_quoted_as_one_segment(value: str, quoted: str) -> None:
    assert paths.zone("ctx", value) == f"/ctx/zones/{quoted}"


def test_location_and_callback_links() -> None:
    assert (
        paths.federation_location("https://op-b.example:8443/", "ctx1")
        == "https://op-b.example:8443/operatorplatform/federation/v1/ctx1/partner"
    )
    assert paths.absolute(paths.zones("c")) == "/operatorplatform/federation/v1/c/zones"
    assert (
        paths.callback_link("http://127.0.0.1:9000", "onInstanceStatusEvent")
        == "http://127.0.0.1:9000/operatorplatform/fedcallbacks/v1/onInstanceStatusEvent"
    )
    assert set(paths.CALLBACKS) == {
        "onPartnerStatusEvent",
        "onZoneResourceUpdateEvent",
        "onApplicationOnboardStatusEvent",
        "onInstanceStatusEvent",
        "onResourceStatusChangeEvent",
    }
    assert all(path == "/" + name for name, path in paths.CALLBACKS.items())
