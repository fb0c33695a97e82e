"""CAMARA Quality-on-Demand r3.2 (1.1.0) wire models, as openapi/qod.yaml describes them.

Requests reject undeclared properties. ``sinkCredential`` is read loosely (any
``credentialType``, any ``accessTokenType``) so that the service answers the codes the file
lists (``INVALID_CREDENTIAL``, ``INVALID_TOKEN``) rather than a generic 400.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, Field, StringConstraints

from op_platform.models.fields import NonEmptyList, PortNumber
from op_platform.models.nbi.camara_common import (
    CamaraModel,
    StrictCamaraModel,
    needs,
)
from op_platform.models.uni import Device

QOS_STATUS_CHANGED = "org.camaraproject.quality-on-demand.v1.qos-status-changed"
QosStatus = Literal["REQUESTED", "AVAILABLE", "UNAVAILABLE"]
StatusInfo = Literal["DURATION_EXPIRED", "NETWORK_TERMINATED", "DELETE_REQUESTED"]
QosProfileName = Annotated[
    str, StringConstraints(min_length=3, max_length=256, pattern=r"^[a-zA-Z0-9_.-]+$")
]
Duration = Annotated[int, Field(ge=1, le=2147483647)]


class PortRange(StrictCamaraModel):
    from_: PortNumber = Field(alias="from")
    to: PortNumber


class PortsSpec(StrictCamaraModel):
    ranges: NonEmptyList[PortRange] | None = None
    ports: NonEmptyList[PortNumber] | None = None

    one_of = (needs("ranges", "ports"),)


class ApplicationServer(StrictCamaraModel):
    ipv4Address: Annotated[str, StringConstraints(max_length=18)] | None = None
    ipv6Address: Annotated[str, StringConstraints(max_length=49)] | None = None

    one_of = (needs("ipv4Address", "ipv6Address"),)


class SinkCredential(StrictCamaraModel):
    credentialType: Annotated[str, StringConstraints(max_length=32)]
    accessToken: Annotated[str, StringConstraints(max_length=8192)] | None = None
    accessTokenExpiresUtc: AwareDatetime | None = None
    accessTokenType: Annotated[str, StringConstraints(max_length=32)] | None = None
    identifier: str | None = None
    secret: str | None = None
    refreshToken: str | None = None
    refreshTokenEndpoint: str | None = None


class CreateSession(StrictCamaraModel):
    device: Device | None = None
    applicationServer: ApplicationServer
    devicePorts: PortsSpec | None = None
    applicationServerPorts: PortsSpec | None = None
    qosProfile: QosProfileName
    sink: Annotated[str, StringConstraints(max_length=2048)] | None = None
    sinkCredential: SinkCredential | None = None
    duration: Duration


class ExtendSessionDuration(StrictCamaraModel):
    requestedAdditionalDuration: Duration


class RetrieveSessionsInput(StrictCamaraModel):
    device: Device | None = None


class SessionInfo(CamaraModel):
    sessionId: str
    device: dict[str, Any] | None = None
    applicationServer: dict[str, Any]
    devicePorts: dict[str, Any] | None = None
    applicationServerPorts: dict[str, Any] | None = None
    qosProfile: str
    sink: str | None = None
    duration: int
    startedAt: AwareDatetime | None = None
    expiresAt: AwareDatetime | None = None
    qosStatus: QosStatus
    statusInfo: StatusInfo | None = None
