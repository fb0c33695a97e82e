"""Component specification of an artefact: images, interfaces, resources, environment, volumes."""

from __future__ import annotations

from pydantic import AliasChoices, Field

from op_platform.models.fields import NonEmptyList, ServicePort

from .base import EwbiModel
from .common import ComputeResourceInfo, OSType
from .enums import (
    AccessMode,
    CommProtocol,
    CPUArchType,
    EnvValueType,
    RestartPolicy,
    SharingPolicy,
    VisibilityType,
    VolumeSize,
)
from .ids import (
    FileId,
    Label32,
    Label64,
    NetworkInterfaceName,
    NetworkName,
)


class InterfaceDetails(EwbiModel):
    """A port a component exposes.

    The GSMA file declares the property ``InterfaceName`` but lists ``interfaceName`` as required;
    both spellings are read, ``InterfaceName`` is written, and it is optional (it only matters
    when the interface is attached to a non-default network).
    """

    interfaceId: Label32
    commProtocol: CommProtocol
    commPort: ServicePort
    visibilityType: VisibilityType
    network: NetworkName
    InterfaceName: NetworkInterfaceName | None = Field(
        default=None, validation_alias=AliasChoices("InterfaceName", "interfaceName")
    )


class CommandLineParams(EwbiModel):
    command: list[str]
    commandArgs: list[str] | None = None


class CompEnvParams(EwbiModel):
    envVarName: Label32
    envValueType: EnvValueType
    envVarValue: Label64 | None = None
    envVarSrc: str | None = None


class PersistentVolumeDetails(EwbiModel):
    volumeSize: VolumeSize
    volumeMountPath: str
    volumeName: str
    ephemeralType: bool | None = None
    accessMode: AccessMode | None = None
    sharingPolicy: SharingPolicy | None = None


class ComponentSpec(EwbiModel):
    """What one application component needs. ``InstSetArch`` is capitalised on the wire."""

    componentName: Label64
    osType: OSType
    InstSetArch: CPUArchType
    images: NonEmptyList[FileId]
    numOfInstances: int
    restartPolicy: RestartPolicy
    commandLineParams: CommandLineParams | None = None
    exposedInterfaces: NonEmptyList[InterfaceDetails] | None = None
    computeResourceProfile: ComputeResourceInfo
    compEnvParams: list[CompEnvParams] | None = None
    persistentVolumes: NonEmptyList[PersistentVolumeDetails] | None = None
