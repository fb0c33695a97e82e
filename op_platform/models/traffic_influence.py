"""CAMARA Traffic Influence r1.3 (0.10.0) wire models, as openapi/traffic-influence.yaml
describes them. ``trafficInfluenceID`` and ``state`` are read-only: ignored when sent."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints

from op_platform.models.fields import PortNumber
from op_platform.models.nbi.camara_common import (
    CamaraModel,
    CamaraUuid,
    SinkCredential,
)
from op_platform.models.uni import Device

TRAFFIC_INFLUENCE_CHANGE = "org.camaraproject.traffic-influence.v1.traffic-influence-change"
State = Literal["ordered", "created", "active", "error", "deletion in progress", "deleted"]
EventType = Literal["org.camaraproject.traffic-influence.v1.traffic-influence-change"]


class SourceTrafficFilters(CamaraModel):
    sourcePort: PortNumber | None = None


class DestinationTrafficFilters(CamaraModel):
    destinationPort: PortNumber | None = None
    destinationProtocol: Annotated[str, StringConstraints(max_length=16)] | None = None


class SubscriptionRequest(CamaraModel):
    protocol: Literal["HTTP"]
    sink: Annotated[str, StringConstraints(pattern=r"^https?://.+$", max_length=2048)]
    sinkCredential: SinkCredential | None = None
    types: Annotated[
        list[EventType],
        Field(min_length=1, max_length=1),
    ]
    config: dict[str, Any]


class PostTrafficInfluence(CamaraModel):
    """Any user's traffic of ``appId`` to its instances (in a zone, a region or one instance)."""

    apiConsumerId: Annotated[str, StringConstraints(min_length=1, max_length=256)]
    appId: CamaraUuid
    appInstanceId: CamaraUuid | None = None
    edgeCloudRegion: Annotated[str, StringConstraints(max_length=64)] | None = None
    edgeCloudZoneId: CamaraUuid | None = None
    sourceTrafficFilters: SourceTrafficFilters | None = None
    destinationTrafficFilters: DestinationTrafficFilters | None = None
    subscriptionRequest: SubscriptionRequest | None = None


class PostTrafficInfluenceDevice(PostTrafficInfluence):
    """One device's traffic."""

    device: Device | None = None


class TrafficInfluence(PostTrafficInfluenceDevice):
    trafficInfluenceID: str
    state: State
