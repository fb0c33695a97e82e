"""NBI wire models: realistic bodies round-trip, and bad ones fail naming the field."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from op_platform.models import nbi

APP_ID = "3fa85f64-5717-4562-b3fc-2c963f66afa6"
ZONE = "0e9a1b2c-3d4e-4f50-8a6b-7c8d9e0f1a2b"
INSTANCE = "6f1c2b9e-3d4a-4c5b-8e7f-0a1b2c3d4e5f"

MANIFEST: dict[str, Any] = {
    "name": "ArenaGame",
    "appProvider": "GameStudio01",
    "version": "2.1.0",
    "packageType": "HELM",
    "appRepo": {
        "type": "PRIVATEREPO",
        "imagePath": "https://charts.example.com/arena-2.1.0.tgz",
        "userName": "ci",
        "credentials": "token",
        "authType": "HTTP_BEARER",
    },
    "requiredResources": {
        "infraKind": "kubernetes",
        "applicationResources": {
            "cpuPool": {
                "numCPU": 4,
                "memory": 8192,
                "topology": {"minNumberOfNodes": 2, "minNodeCpu": 2, "minNodeMemory": 4096},
            }
        },
        "isStandalone": False,
        "version": "1.29",
    },
    "componentSpec": [
        {
            "componentName": "arena",
            "networkInterfaces": [
                {
                    "interfaceId": "game_udp",
                    "protocol": "UDP",
                    "port": 7777,
                    "visibilityType": "VISIBILITY_EXTERNAL",
                }
            ],
        }
    ],
    "edgeCloudProviders": ["operator2"],
}


def error_fields(exc: ValidationError) -> set[str]:
    return {".".join(str(part) for part in error["loc"]) for error in exc.errors()}


def test_manifest_round_trips_with_the_kubernetes_branch() -> None:
    manifest = nbi.AppManifest.model_validate(MANIFEST)
    assert isinstance(manifest.requiredResources, nbi.KubernetesResources)
    assert manifest.wire() == MANIFEST


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": "9lives"}, "name"),
        ({"appProvider": "short"}, "appProvider"),
        ({"packageType": "ZIP"}, "packageType"),
        (
            {"requiredResources": {"infraKind": "container", "numCPU": "lots", "memory": 1}},
            "requiredResources.container.numCPU",
        ),
        ({"requiredResources": {"infraKind": "mainframe"}}, "requiredResources"),
        ({"appId": "3FA85F64-5717-4562-B3FC-2C963F66AFA6"}, "appId"),
    ],
)
def test_manifest_errors_name_the_field(change: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as info:
        nbi.AppManifest.model_validate({**MANIFEST, **change})
    assert field in error_fields(info.value)


def test_instance_endpoint_needs_an_address() -> None:
    body: dict[str, Any] = {
        "name": "arena_1",
        "appId": APP_ID,
        "appInstanceId": INSTANCE,
        "appProvider": "GameStudio01",
        "edgeCloudZoneId": ZONE,
        "componentEndpointInfo": [{"interfaceId": "game_udp", "accessPoints": {"port": 1}}],
    }
    with pytest.raises(ValidationError) as info:
        nbi.AppInstanceInfo.model_validate(body)
    assert "componentEndpointInfo.0.accessPoints" in error_fields(info.value)
    body["componentEndpointInfo"][0]["accessPoints"]["ipv4Addresses"] = ["192.0.2.7"]
    instance = nbi.AppInstanceInfo.model_validate(body)
    assert instance.status == "unknown"


def test_subscription_sink_must_be_an_http_url() -> None:
    """The model takes http(s) sinks; https only is the NBI's check (``nbi.allow_http_sinks``)."""
    body = {
        "name": "arena_1",
        "appId": APP_ID,
        "edgeCloudZoneId": ZONE,
        "subscriptionRequest": {"sink": "ftp://provider.example.com/events"},
    }
    with pytest.raises(ValidationError) as info:
        nbi.AppInstanceCreate.model_validate(body)
    assert "subscriptionRequest.sink" in error_fields(info.value)
    body["subscriptionRequest"] = {"sink": "http://provider.example.com/events"}
    assert nbi.AppInstanceCreate.model_validate(body).subscriptionRequest is not None


def test_status_change_event_round_trips() -> None:
    event = nbi.AppInstanceStatusChangeEvent(
        id="1",
        source=f"https://op1.example.com/appinstances/{INSTANCE}",
        time="2025-03-01T10:15:30Z",
        data=nbi.AppInstanceStatusChangeData(appInstanceId=INSTANCE, appId=APP_ID, status="ready"),
    )
    wire = event.wire()
    assert wire["type"] == nbi.APP_INSTANCE_STATUS_CHANGE
    assert wire["specversion"] == "1.0"
    assert nbi.AppInstanceStatusChangeEvent.model_validate(wire) == event


def test_status_change_event_needs_a_zoned_time() -> None:
    with pytest.raises(ValidationError) as info:
        nbi.AppInstanceStatusChangeEvent.model_validate(
            {
                "id": "1",
                "source": "x",
                "specversion": "1.0",
                "time": "2025-03-01T10:15:30",
                "data": {"appInstanceId": INSTANCE, "appId": APP_ID, "status": "ready"},
            }
        )
    assert "time" in error_fields(info.value)


def test_federated_zone_names_the_partner() -> None:
    zone = nbi.EdgeCloudZone.model_validate(
        {
            "edgeCloudZoneId": ZONE,
            "edgeCloudZoneName": "lisbon_east",
            "edgeCloudProvider": "operator2",
            "federated": True,
            "countryCode": "PT",
        }
    )
    assert zone.edgeCloudZoneStatus == "unknown"
    with pytest.raises(ValidationError) as info:
        nbi.EdgeCloudZone.model_validate({**zone.wire(), "edgeCloudZoneStatus": "up"})
    assert "edgeCloudZoneStatus" in error_fields(info.value)


def test_error_info_limits() -> None:
    with pytest.raises(ValidationError) as info:
        nbi.ErrorInfo.model_validate({"status": 404, "code": "X" * 97, "message": "m"})
    assert "code" in error_fields(info.value)
