"""Application bodies of the NBI: AppManifest and what submitApp/getApp(s) answer."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from .camara_common import (
    AppId,
    AppProvider,
    CamaraModel,
    EdgeCloudProvider,
    InterfaceId,
    Name64,
    OneTo100,
    Port,
    UpTo100,
    Uri,
)

Vcpu = Annotated[str, StringConstraints(max_length=16, pattern=r"^[0-9]+((\.[0-9]{1,3})|(m))?$")]
StorageSize = Annotated[str, StringConstraints(max_length=32, pattern=r"^[0-9]+(GB|MB)$")]
Memory16G = Annotated[int, Field(ge=1, le=16384)]
Cpu256 = Annotated[int, Field(ge=1, le=256)]
Text64 = Annotated[str, StringConstraints(max_length=64)]

PackageType = Literal["QCOW2", "OVA", "CONTAINER", "HELM", "CSAR"]


class OperatingSystem(CamaraModel):
    architecture: Literal["x86_64", "x86"]
    family: Literal["RHEL", "UBUNTU", "COREOS", "WINDOWS", "OTHER"]
    version: Literal[
        "OS_VERSION_UBUNTU_2204_LTS", "OS_VERSION_RHEL_8", "OS_MS_WINDOWS_2022", "OTHER"
    ]
    license: Literal["OS_LICENSE_TYPE_FREE", "OS_LICENSE_TYPE_ON_DEMAND", "OTHER"]


class AppRepo(CamaraModel):
    """Where the provider keeps the application image."""

    type: Literal["PRIVATEREPO", "PUBLICREPO"]
    imagePath: Uri
    userName: Text64 | None = None
    credentials: Annotated[str, StringConstraints(max_length=2048)] | None = None
    authType: Literal["DOCKER", "HTTP_BASIC", "HTTP_BEARER", "NONE"] | None = None
    checksum: Annotated[str, StringConstraints(max_length=128)] | None = None


class GpuInfo(CamaraModel):
    gpuMemory: Annotated[int, Field(ge=0, le=16384)]
    numGPU: Annotated[int, Field(ge=0, le=16)]


class AdditionalStorage(CamaraModel):
    name: Text64 | None = None
    storageSize: StorageSize
    mountPoint: Text64


Storages = Annotated[list[AdditionalStorage], Field(max_length=50)]


class CpuTopology(CamaraModel):
    minNumberOfNodes: Annotated[int, Field(ge=1, le=1000)]
    minNodeCpu: Cpu256
    minNodeMemory: Memory16G


class GpuTopology(CpuTopology):
    minNodeGpuMemory: Annotated[int, Field(ge=1, le=16)]


class CpuPool(CamaraModel):
    numCPU: Cpu256
    memory: Memory16G
    topology: CpuTopology


class GpuPool(CamaraModel):
    numCPU: Annotated[int, Field(ge=1, le=1024)]
    memory: Memory16G
    gpuMemory: Annotated[int, Field(ge=1, le=16)]
    topology: GpuTopology


class ApplicationResources(CamaraModel):
    cpuPool: CpuPool | None = None
    gpuPool: GpuPool | None = None


class PrimaryNetwork(CamaraModel):
    provider: Text64 | None = None
    version: Text64 | None = None


class AdditionalNetwork(CamaraModel):
    name: Text64 | None = None
    interfaceType: Literal["netdevice", "vfio-pci", "interface"] | None = None


class K8sNetworking(CamaraModel):
    primaryNetwork: PrimaryNetwork
    additionalNetworks: UpTo100[AdditionalNetwork] | None = None


class KubernetesResources(CamaraModel):
    infraKind: Literal["kubernetes"]
    applicationResources: ApplicationResources
    isStandalone: bool
    version: Text64 | None = None
    additionalStorage: StorageSize | None = None
    networking: K8sNetworking | None = None
    addons: Annotated[list[Literal["monitoring", "ingress"]], Field(max_length=2)] | None = None


class VmResources(CamaraModel):
    infraKind: Literal["virtualMachine"]
    numCPU: Cpu256
    memory: Annotated[int, Field(ge=1, le=32768)]
    additionalStorages: Storages | None = None
    gpu: GpuInfo | None = None


class PackagedResources(CamaraModel):
    """What a container or a Docker Compose application asks for; each kind narrows
    ``infraKind`` and ``numCPU``."""

    infraKind: str
    numCPU: Vcpu | Cpu256
    memory: Memory16G
    storage: Storages | None = None
    gpu: GpuInfo | None = None


class ContainerResources(PackagedResources):
    infraKind: Literal["container"]
    numCPU: Vcpu


class DockerComposeResources(PackagedResources):
    infraKind: Literal["dockerCompose"]
    numCPU: Cpu256


RequiredResources = Annotated[
    KubernetesResources | VmResources | ContainerResources | DockerComposeResources,
    Field(discriminator="infraKind"),
]


class NetworkInterface(CamaraModel):
    interfaceId: InterfaceId
    protocol: Literal["TCP", "UDP", "ANY"]
    port: Port
    visibilityType: Literal["VISIBILITY_EXTERNAL", "VISIBILITY_INTERNAL"]


class ComponentSpec(CamaraModel):
    componentName: Text64
    networkInterfaces: OneTo100[NetworkInterface]


class AppManifest(CamaraModel):
    """submitApp body; getApps items. ``edgeCloudProviders`` is this OP's extension."""

    appId: AppId | None = None
    name: Name64
    appProvider: AppProvider
    version: Text64
    packageType: PackageType
    operatingSystem: OperatingSystem | None = None
    appRepo: AppRepo
    requiredResources: RequiredResources
    componentSpec: UpTo100[ComponentSpec]
    edgeCloudProviders: UpTo100[EdgeCloudProvider] | None = None


class SubmittedApp(CamaraModel):
    """submitApp answer (201)."""

    appId: AppId


OnboardingState = Literal["pending", "onboarded", "failed", "deleting"]


class AppOnboardingStatus(CamaraModel):
    """Extension: onboarding state of an app at one Edge Cloud Provider."""

    edgeCloudProvider: EdgeCloudProvider
    status: OnboardingState
    reason: Annotated[str, StringConstraints(max_length=512)] | None = None


class AppDetails(CamaraModel):
    """getApp answer (200)."""

    appManifest: AppManifest | None = None
    appOnboardingStatus: UpTo100[AppOnboardingStatus] | None = None


MAX_PAGE_SIZE = 100  # getApps answers maxItems: 100


class AppsPage(CamaraModel):
    """getApps paging (extension): ``page`` from 1, ``perPage`` apps per page (at most 100)."""

    page: Annotated[int, Field(ge=1, le=1_000_000)] = 1
    perPage: Annotated[int, Field(ge=1, le=MAX_PAGE_SIZE)] = MAX_PAGE_SIZE
