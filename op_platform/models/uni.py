"""UNI wire models: CAMARA Simple Edge Discovery r3.1 plus client registration and instance lookup.

CAMARA request bodies are strict (undeclared properties are a 400), so every request model here
forbids extra fields; answers ignore them.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AwareDatetime, NonNegativeFloat, StringConstraints, model_validator

from op_platform.models.fields import Latitude, Longitude
from op_platform.models.nbi.camara_common import (
    AccessEndpoint,
    AppId,
    AppInstanceId,
    AppProvider,
    CamaraModel,
    CamaraUuid,
    EdgeCloudProvider,
    EdgeCloudZoneName,
    ErrorInfo,
    Ipv4Addr,
    Ipv6Addr,
    Name64,
    Port,
    StrictCamaraModel,
    needs,
)
from op_platform.models.validation import OneOf

__all__ = [
    "AppEndpoint",
    "ClientRegistration",
    "ClientRegistrationRequest",
    "ClosestEdgeCloudZone",
    "ClosestEdgeCloudZoneRequest",
    "Device",
    "DeviceIpv4Address",
    "ErrorInfo",
    "Location",
    "NearestAppInstance",
    "NearestAppInstanceRequest",
]

PATTERN_PHONE_NUMBER = r"^\+[1-9][0-9]{4,14}$"

PhoneNumber = Annotated[str, StringConstraints(pattern=PATTERN_PHONE_NUMBER, max_length=16)]
NetworkAccessIdentifier = Annotated[str, StringConstraints(max_length=2048)]
SessionToken = Annotated[str, StringConstraints(min_length=16, max_length=512)]
AppVersion = Annotated[str, StringConstraints(min_length=1, max_length=64)]
# SED r3.1 declares edgeCloudZoneId as a uuid of up to 128 characters; any text is read back.
SedZoneId = Annotated[str, StringConstraints(min_length=1, max_length=128)]


class DeviceIpv4Address(StrictCamaraModel):
    """Public address plus the private address or the public port (CAMARA DeviceIpv4Address)."""

    publicAddress: Ipv4Addr
    privateAddress: Ipv4Addr | None = None
    publicPort: Port | None = None

    one_of = (
        OneOf(
            ("privateAddress", "publicPort"),
            "needs privateAddress or publicPort besides publicAddress",
        ),
    )


class Device(StrictCamaraModel):
    """At least one device identifier."""

    phoneNumber: PhoneNumber | None = None
    networkAccessIdentifier: NetworkAccessIdentifier | None = None
    ipv4Address: DeviceIpv4Address | None = None
    ipv6Address: Ipv6Addr | None = None

    one_of = (needs("phoneNumber", "networkAccessIdentifier", "ipv4Address", "ipv6Address"),)


class ClosestEdgeCloudZoneRequest(StrictCamaraModel):
    """readClosestEdgeCloudZone body; ``device`` may be left out with a three-legged token."""

    device: Device | None = None


class ClosestEdgeCloudZone(CamaraModel):
    """readClosestEdgeCloudZone answer (200): the zone and the one identifier that was used."""

    edgeCloudZoneId: SedZoneId
    edgeCloudZoneName: EdgeCloudZoneName
    edgeCloudProvider: EdgeCloudProvider
    device: Device | None = None

    @model_validator(mode="after")
    def _one_identifier(self) -> ClosestEdgeCloudZone:
        if self.device is not None and len(self.device.model_fields_set) > 1:
            raise ValueError("device in an answer carries exactly one identifier")
        return self


class Location(StrictCamaraModel):
    """Device position (WGS84, decimal degrees)."""

    latitude: Latitude
    longitude: Longitude


class ClientRegistrationRequest(StrictCamaraModel):
    """registerClient body (extension)."""

    appName: Name64
    appVersion: AppVersion
    appProvider: AppProvider
    device: Device | None = None


class ClientRegistration(CamaraModel):
    """registerClient answer (201, extension)."""

    clientId: CamaraUuid
    sessionToken: SessionToken
    expiresAt: AwareDatetime


class NearestAppInstanceRequest(StrictCamaraModel):
    """findNearestAppInstance body (extension). ``location`` wins over ``device``."""

    sessionToken: SessionToken | None = None
    location: Location | None = None
    device: Device | None = None


class AppEndpoint(AccessEndpoint):
    """Where the client connects: a port and a name or addresses."""

    interfaceId: Annotated[str, StringConstraints(max_length=32)] | None = None


class NearestAppInstance(CamaraModel):
    """findNearestAppInstance answer (200, extension)."""

    appInstanceId: AppInstanceId
    appId: AppId | None = None
    edgeCloudZoneId: SedZoneId
    edgeCloudZoneName: EdgeCloudZoneName | None = None
    edgeCloudProvider: EdgeCloudProvider
    endpoint: AppEndpoint
    distanceKm: NonNegativeFloat | None = None
