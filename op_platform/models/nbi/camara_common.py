"""CAMARA building blocks shared by the NBI and the UNI: base model, ids, errors, CloudEvents.

Identifiers are CAMARA UUIDs (lower-case, versions 1-5, as the spec's pattern says), kept as
``str`` so that what is read is exactly what is written back.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, TypeVar

from pydantic import ConfigDict, Field, StringConstraints

from op_platform.models.fields import Latitude, Longitude, ServicePort
from op_platform.models.validation import DateTimeText, OneOf, OneOfRules

PATTERN_CAMARA_UUID = r"^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"
PATTERN_X_CORRELATOR = r"^[a-zA-Z0-9-_:;.\/<>{}]{0,256}$"
PATTERN_NAME = r"^[A-Za-z][A-Za-z0-9_]{1,63}$"
PATTERN_APP_PROVIDER = r"^[A-Za-z][A-Za-z0-9_]{7,63}$"
PATTERN_INTERFACE_ID = r"^[A-Za-z0-9][A-Za-z0-9_]{2,30}[A-Za-z0-9]$"
PATTERN_SINK = r"^https://.+$"
# What the model accepts; plain http only passes the service check with ``nbi.allow_http_sinks``.
PATTERN_SINK_ANY = r"^https?://.+$"

APP_INSTANCE_STATUS_CHANGE = (
    "org.camaraproject.edge-application-management.v0.app-instance-status-change"
)
APP_DEPLOYMENT_STATUS_CHANGE = (
    "org.camaraproject.edge-application-management.v0.app-deployment-status-change"
)
SUBSCRIPTION_ENDED = "org.camaraproject.edge-application-management.v0.subscription-ended"

CamaraUuid = Annotated[
    str, StringConstraints(pattern=PATTERN_CAMARA_UUID, min_length=36, max_length=36)
]
AppId = CamaraUuid
AppInstanceId = CamaraUuid
AppDeploymentId = CamaraUuid
EdgeCloudZoneId = CamaraUuid
KubernetesClusterRef = CamaraUuid
XCorrelator = Annotated[str, StringConstraints(pattern=PATTERN_X_CORRELATOR, max_length=256)]
Name64 = Annotated[str, StringConstraints(pattern=PATTERN_NAME, max_length=64)]
AppProvider = Annotated[str, StringConstraints(pattern=PATTERN_APP_PROVIDER, max_length=64)]
InterfaceId = Annotated[
    str, StringConstraints(pattern=PATTERN_INTERFACE_ID, min_length=4, max_length=32)
]
EdgeCloudProvider = Annotated[str, StringConstraints(max_length=64)]
EdgeCloudRegion = Annotated[str, StringConstraints(max_length=64)]
EdgeCloudZoneName = Annotated[str, StringConstraints(max_length=64)]
Port = ServicePort
Fqdn = Annotated[str, StringConstraints(max_length=253)]
Uri = Annotated[str, StringConstraints(max_length=2048)]
Ipv4Addr = Annotated[
    str,
    StringConstraints(
        max_length=15,
        pattern=r"^((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\.){3}"
        r"(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])$",
    ),
]
Ipv6Addr = Annotated[str, StringConstraints(max_length=45, pattern=r"^[0-9A-Fa-f:.]{2,45}$")]
# Address lists of an endpoint (1 to 16 each).
Ipv4Addresses = Annotated[list[Ipv4Addr], Field(min_length=1, max_length=16)]
Ipv6Addresses = Annotated[list[Ipv6Addr], Field(min_length=1, max_length=16)]

T = TypeVar("T")
UpTo100 = Annotated[list[T], Field(max_length=100)]
"""A list of at most 100 items (``maxItems: 100``, the cap on most CAMARA arrays)."""
OneTo100 = Annotated[list[T], Field(min_length=1, max_length=100)]


class CamaraModel(OneOfRules):
    """Every CAMARA body. Attributes carry the wire (camelCase) names; unknown fields ignored.
    Fields of which at least one must be given are declared in ``one_of`` (:func:`needs`)."""

    model_config = ConfigDict(populate_by_name=True, extra="ignore")

    def wire(self) -> dict[str, Any]:
        """The JSON-ready body: wire names, unset optional fields left out."""
        return self.model_dump(mode="json", by_alias=True, exclude_none=True)


def needs(*names: str) -> OneOf:
    """The rule that at least one of ``names`` is given: "needs a or b", or with more names
    "needs at least one of: a, b, c"."""
    if len(names) == 2:
        return OneOf(names, f"needs {names[0]} or {names[1]}")
    return OneOf(names, f"needs at least one of: {', '.join(names)}")


class StrictCamaraModel(CamaraModel):
    """A request body that rejects undeclared properties (CAMARA request-body strictness)."""

    model_config = ConfigDict(populate_by_name=True, extra="forbid")


class AccessEndpoint(CamaraModel):
    """Where clients reach one interface of an instance: a port and a name or addresses."""

    port: Port
    fqdn: Fqdn | None = None
    ipv4Addresses: Ipv4Addresses | None = None
    ipv6Addresses: Ipv6Addresses | None = None

    one_of = (needs("fqdn", "ipv4Addresses", "ipv6Addresses"),)


class ErrorInfo(CamaraModel):
    """CAMARA error body."""

    status: Annotated[int, Field(ge=100, le=599)]
    code: Annotated[str, StringConstraints(max_length=96)]
    message: Annotated[str, StringConstraints(max_length=512)]


class Geolocation(CamaraModel):
    """WGS84 position in decimal degrees (extension)."""

    latitude: Latitude
    longitude: Longitude


# CloudEvents 1.0 ``id`` and ``source`` as CAMARA constrains them (also the SBI-NR events).
CloudEventId = Annotated[str, StringConstraints(min_length=1, max_length=256)]
CloudEventSource = Annotated[str, StringConstraints(min_length=1, max_length=2048)]


class CloudEvent(CamaraModel):
    """CloudEvents 1.0 envelope, structured mode, as CAMARA uses it."""

    id: CloudEventId
    source: CloudEventSource
    type: Annotated[str, StringConstraints(max_length=512)]
    specversion: Literal["1.0"] = "1.0"
    datacontenttype: Literal["application/json"] | None = "application/json"
    data: dict[str, Any] | None = None
    time: DateTimeText


class SinkCredential(CamaraModel):
    """CAMARA AccessTokenCredential (the only credential type CAMARA allows so far)."""

    credentialType: Literal["ACCESSTOKEN"]
    accessToken: Annotated[str, StringConstraints(max_length=8192)]
    accessTokenExpiresUtc: DateTimeText
    accessTokenType: Literal["bearer"]


class SubscriptionConfig(CamaraModel):
    subscriptionDetail: dict[str, Any]
    subscriptionExpireTime: DateTimeText | None = None
    subscriptionMaxEvents: Annotated[int, Field(ge=1, le=2147483647)] | None = None
    initialEvent: bool | None = None


SubscriptionEventType = Literal[
    "org.camaraproject.edge-application-management.v0.app-instance-status-change",
    "org.camaraproject.edge-application-management.v0.app-deployment-status-change",
    "org.camaraproject.edge-application-management.v0.subscription-ended",
]


class SubscriptionRequest(CamaraModel):
    """Implicit subscription: where the status CloudEvents of a resource are delivered."""

    sink: Annotated[str, StringConstraints(pattern=PATTERN_SINK_ANY, max_length=2048)]
    sinkCredential: SinkCredential | None = None
    types: Annotated[list[SubscriptionEventType], Field(min_length=1, max_length=1)] | None = None
    config: SubscriptionConfig | None = None
