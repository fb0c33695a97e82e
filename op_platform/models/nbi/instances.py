"""Instance and deployment bodies of the NBI, and the app-instance status CloudEvent."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import StringConstraints

from .camara_common import (
    AccessEndpoint,
    AppDeploymentId,
    AppId,
    AppInstanceId,
    AppProvider,
    CamaraModel,
    CloudEvent,
    EdgeCloudProvider,
    EdgeCloudZoneId,
    InterfaceId,
    KubernetesClusterRef,
    Name64,
    OneTo100,
    SubscriptionRequest,
    UpTo100,
)

AppInstanceStatus = Literal["ready", "instantiating", "failed", "terminating", "unknown"]


class ComponentEndpointInfo(CamaraModel):
    interfaceId: InterfaceId
    accessPoints: AccessEndpoint


ComponentEndpoints = OneTo100[ComponentEndpointInfo]


class AppInstanceInfo(CamaraModel):
    """createAppInstance answer (202); getAppInstance items.

    ``edgeCloudProvider`` (the operator hosting the instance) is this OP's extension.
    """

    name: Name64
    appId: AppId
    appInstanceId: AppInstanceId
    appProvider: AppProvider
    status: AppInstanceStatus = "unknown"
    componentEndpointInfo: ComponentEndpoints | None = None
    kubernetesClusterRef: KubernetesClusterRef | None = None
    edgeCloudZoneId: EdgeCloudZoneId
    edgeCloudProvider: EdgeCloudProvider | None = None


class AppInstanceCreate(CamaraModel):
    """createAppInstance body."""

    name: Name64
    appId: AppId
    edgeCloudZoneId: EdgeCloudZoneId
    kubernetesClusterRef: KubernetesClusterRef | None = None
    subscriptionRequest: SubscriptionRequest | None = None


ZoneIds = UpTo100[EdgeCloudZoneId]
ClusterRefs = UpTo100[KubernetesClusterRef]


class AppDeploymentCreate(CamaraModel):
    """createAppDeployment body."""

    appDeploymentName: Name64
    appId: AppId
    edgeCloudZones: ZoneIds
    kubernetesClusterRefs: ClusterRefs | None = None
    subscriptionRequest: SubscriptionRequest | None = None


class AppDeploymentCreated(CamaraModel):
    """createAppDeployment answer (202)."""

    appDeploymentId: AppDeploymentId


class AppDeploymentPatch(CamaraModel):
    """updateAppDeployment body (JSON Merge Patch: arrays given replace the stored ones)."""

    appDeploymentName: Name64 | None = None
    edgeCloudZones: ZoneIds | None = None
    kubernetesClusterRefs: ClusterRefs | None = None


class AppDeploymentInfo(CamaraModel):
    """getAppDeployments items; updateAppDeployment answer (200)."""

    appDeploymentName: Name64
    appDeploymentId: AppDeploymentId
    appId: AppId
    edgeCloudZones: ZoneIds
    appInstances: UpTo100[AppInstanceId]


class AppInstanceStatusChangeData(CamaraModel):
    """``data`` of the app-instance status CloudEvent (extension: r1.1 leaves it open)."""

    appInstanceId: AppInstanceId
    appId: AppId
    status: AppInstanceStatus
    edgeCloudZoneId: EdgeCloudZoneId | None = None
    edgeCloudProvider: EdgeCloudProvider | None = None
    componentEndpointInfo: ComponentEndpoints | None = None
    statusReason: Annotated[str, StringConstraints(max_length=512)] | None = None


class AppDeploymentStatusChangeData(CamaraModel):
    """``data`` of the app-deployment status CloudEvent (extension: r1.1 leaves it open).

    ``status`` is the deployment's aggregate: ``failed`` when an instance failed, ``ready`` when
    every instance is ready, ``terminating`` once the deployment is being deleted, else
    ``instantiating``."""

    appDeploymentId: AppDeploymentId
    appId: AppId
    status: AppInstanceStatus
    appInstances: UpTo100[AppInstanceId]


class AppDeploymentStatusChangeEvent(CloudEvent):
    """CloudEvent ``...v0.app-deployment-status-change``; the callback body is an array of them."""

    type: Literal[
        "org.camaraproject.edge-application-management.v0.app-deployment-status-change"
    ] = "org.camaraproject.edge-application-management.v0.app-deployment-status-change"
    data: AppDeploymentStatusChangeData  # type: ignore[assignment]


class AppInstanceStatusChangeEvent(CloudEvent):
    """CloudEvent ``...v0.app-instance-status-change`` sent to ``subscriptionRequest.sink``."""

    type: Literal["org.camaraproject.edge-application-management.v0.app-instance-status-change"] = (
        "org.camaraproject.edge-application-management.v0.app-instance-status-change"
    )
    data: AppInstanceStatusChangeData  # type: ignore[assignment]
