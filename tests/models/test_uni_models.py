"""UNI wire models: strict CAMARA requests, and the client registration extension."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from op_platform.models import uni


def error_fields(exc: ValidationError) -> set[str]:
    return {".".join(str(part) for part in error["loc"]) for error in exc.errors()}


def test_closest_zone_request_round_trips() -> None:
    body = {
        "device": {
            "phoneNumber": "+34600000001",
            "ipv4Address": {"publicAddress": "84.125.93.10", "publicPort": 59765},
        }
    }
    assert uni.ClosestEdgeCloudZoneRequest.model_validate(body).wire() == body
    assert uni.ClosestEdgeCloudZoneRequest.model_validate({}).device is None


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"device": {"phoneNumber": "600000001"}}, "device.phoneNumber"),
        ({"device": {}}, "device"),
        ({"device": {"ipv4Address": {"publicAddress": "84.125.93.10"}}}, "device.ipv4Address"),
        ({"device": {"phoneNumber": "+34600000001"}, "extra": 1}, "extra"),
    ],
)
def test_closest_zone_request_errors_name_the_field(body: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as info:
        uni.ClosestEdgeCloudZoneRequest.model_validate(body)
    assert field in error_fields(info.value)


def test_answer_device_carries_one_identifier() -> None:
    zone = {
        "edgeCloudZoneId": "f81d4fae-7dec-11d0-a765-00a0c91e6bf6",
        "edgeCloudZoneName": "UK-SOUTH",
        "edgeCloudProvider": "operator1",
    }
    uni.ClosestEdgeCloudZone.model_validate({**zone, "device": {"phoneNumber": "+447700900123"}})
    with pytest.raises(ValidationError):
        uni.ClosestEdgeCloudZone.model_validate(
            {**zone, "device": {"phoneNumber": "+447700900123", "ipv6Address": "2001:db8::1"}}
        )


def test_registration_and_lookup() -> None:
    request = uni.ClientRegistrationRequest.model_validate(
        {"appName": "ArenaGame", "appVersion": "2.1.0", "appProvider": "GameStudio01"}
    )
    assert request.device is None
    with pytest.raises(ValidationError) as info:
        uni.ClientRegistrationRequest.model_validate({"appName": "ArenaGame", "appVersion": "1"})
    assert "appProvider" in error_fields(info.value)

    lookup = uni.NearestAppInstanceRequest.model_validate(
        {"location": {"latitude": 38.7, "longitude": -9.14}}
    )
    assert lookup.location is not None and lookup.location.latitude == 38.7
    with pytest.raises(ValidationError) as info:
        uni.NearestAppInstanceRequest.model_validate({"location": {"latitude": 91, "longitude": 0}})
    assert "location.latitude" in error_fields(info.value)


def test_nearest_instance_endpoint_needs_an_address() -> None:
    body: dict[str, Any] = {
        "appInstanceId": "6f1c2b9e-3d4a-4c5b-8e7f-0a1b2c3d4e5f",
        "edgeCloudZoneId": "0e9a1b2c-3d4e-4f50-8a6b-7c8d9e0f1a2b",
        "edgeCloudProvider": "operator2",
        "endpoint": {"port": 30080},
    }
    with pytest.raises(ValidationError) as info:
        uni.NearestAppInstance.model_validate(body)
    assert "endpoint" in error_fields(info.value)
    body["endpoint"]["ipv4Addresses"] = ["198.51.100.20"]
    assert uni.NearestAppInstance.model_validate(body).wire() == body
