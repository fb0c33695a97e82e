"""Edge Cloud Zones and clusters on the NBI (local and federated)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from .camara_common import (
    AppProvider,
    CamaraModel,
    EdgeCloudProvider,
    EdgeCloudRegion,
    EdgeCloudZoneId,
    EdgeCloudZoneName,
    Geolocation,
    KubernetesClusterRef,
    OneTo100,
)

EdgeCloudZoneStatus = Literal["active", "inactive", "unknown"]
CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]


class EdgeCloudZone(CamaraModel):
    """getEdgeCloudZones items. ``edgeCloudProvider`` names the partner for a federated zone.

    ``countryCode``, ``geolocation`` and ``federated`` are this OP's extensions.
    """

    edgeCloudZoneId: EdgeCloudZoneId
    edgeCloudZoneName: EdgeCloudZoneName
    edgeCloudZoneStatus: EdgeCloudZoneStatus = "unknown"
    edgeCloudProvider: EdgeCloudProvider
    edgeCloudRegion: EdgeCloudRegion | None = None
    countryCode: CountryCode | None = None
    geolocation: Geolocation | None = None
    federated: bool | None = None


class NodeResources(CamaraModel):
    numCPU: Annotated[int, Field(ge=1, le=256)]
    memory: Annotated[int, Field(ge=1, le=16384)]


class KubernetesNodePool(CamaraModel):
    name: Annotated[str, StringConstraints(max_length=64)]
    numNodes: Annotated[int, Field(ge=1, le=100)]
    scalable: bool
    nodeResources: NodeResources


NodePools = OneTo100[KubernetesNodePool]


class ClusterInfo(CamaraModel):
    """getClusters items."""

    name: Annotated[str, StringConstraints(max_length=64)]
    provider: AppProvider
    clusterRef: KubernetesClusterRef
    edgeCloudZoneId: EdgeCloudZoneId
    edgeCloudRegion: EdgeCloudRegion | None = None
    version: Annotated[str, StringConstraints(max_length=64)] | None = None
    nodePools: NodePools | None = None


class RegionQuery(CamaraModel):
    """The ``region`` query parameter of getAppInstance and getClusters."""

    region: EdgeCloudRegion | None = None


class EdgeCloudZoneQuery(CamaraModel):
    """getEdgeCloudZones query parameters (``edgeCloudProvider`` is an extension)."""

    region: EdgeCloudRegion | None = None
    status: EdgeCloudZoneStatus | None = None
    edgeCloudProvider: EdgeCloudProvider | None = None
