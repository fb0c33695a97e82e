"""Enumerations of the EWBI. Values are the wire values, spelling included."""

from __future__ import annotations

from enum import StrEnum, auto

from op_platform.models.fields import WireEnum


class CPUArchType(WireEnum):
    ISA_X86 = auto()
    ISA_X86_64 = auto()
    ISA_ARM_64 = auto()


class ComputeCpuArchType(WireEnum):
    """The narrower set ``ComputeResourceInfo.cpuArchType`` allows."""

    ISA_X86_64 = auto()
    ISA_ARM_64 = auto()


class Status(WireEnum):
    FAILED = auto()
    TEMPORARY_FAILURE = auto()
    AVAILABLE = auto()
    LOCKED = auto()
    NOT_AVAILABLE = auto()


class InstanceState(WireEnum):
    PENDING = auto()
    READY = auto()
    FAILED = auto()
    TERMINATING = auto()


class OnboardStatus(WireEnum):
    PENDING = auto()
    ONBOARDED = auto()
    DEBOARDING = auto()
    REMOVED = auto()
    FAILED = auto()


class VirtImageType(WireEnum):
    QCOW2 = auto()
    DOCKER = auto()
    OVA = auto()


class RepoType(WireEnum):
    PRIVATEREPO = auto()
    PUBLICREPO = auto()
    UPLOAD = auto()


class ArtefactVirtType(WireEnum):
    VM_TYPE = auto()
    CONTAINER_TYPE = auto()


class ArtefactFileFormat(WireEnum):
    WINZIP = auto()
    TAR = auto()
    TEXT = auto()
    TARGZ = auto()


class ArtefactDescriptorType(WireEnum):
    HELM = auto()
    TERRAFORM = auto()
    ANSIBLE = auto()
    SHELL = auto()
    COMPONENTSPEC = auto()


class OSArchitecture(StrEnum):
    X86_64 = "x86_64"
    X86 = "x86"


class OSDistribution(WireEnum):
    RHEL = auto()
    UBUNTU = auto()
    COREOS = auto()
    FEDORA = auto()
    WINDOWS = auto()
    OTHER = auto()


class OSVersion(WireEnum):
    """OS versions. ``OS_VERSION_DEBIAN_11`` is written without the stray space of the GSMA file."""

    OS_VERSION_UBUNTU_2204_LTS = auto()
    OS_VERSION_RHEL_8 = auto()
    OS_VERSION_RHEL_7 = auto()
    OS_VERSION_DEBIAN_11 = auto()
    OS_VERSION_COREOS_STABLE = auto()
    OS_MS_WINDOWS_2012_R2 = auto()
    OTHER = auto()


class OSLicense(WireEnum):
    OS_LICENSE_TYPE_FREE = auto()
    OS_LICENSE_TYPE_ON_DEMAND = auto()
    NOT_SPECIFIED = auto()


class GpuVendorType(WireEnum):
    GPU_PROVIDER_NVIDIA = auto()
    GPU_PROVIDER_AMD = auto()


class HugePageSize(StrEnum):
    SIZE_2MB = "2MB"
    SIZE_4MB = "4MB"
    SIZE_1GB = "1GB"


class CommProtocol(WireEnum):
    TCP = auto()
    UDP = auto()
    HTTP_HTTPS = auto()


class VisibilityType(WireEnum):
    VISIBILITY_EXTERNAL = auto()
    VISIBILITY_INTERNAL = auto()


class RestartPolicy(WireEnum):
    RESTART_POLICY_ALWAYS = auto()
    RESTART_POLICY_NEVER = auto()


class EnvValueType(WireEnum):
    USER_DEFINED = auto()
    PLATFORM_DEFINED_DYNAMIC_PORT = auto()
    PLATFORM_DEFINED_DNS = auto()
    PLATFRM_DEFINED_IP = auto()


class VolumeSize(StrEnum):
    GI_10 = "10Gi"
    GI_20 = "20Gi"
    GI_50 = "50Gi"
    GI_100 = "100Gi"


class AccessMode(WireEnum):
    RW = auto()
    RO = auto()


class SharingPolicy(WireEnum):
    EXCLUSIVE = auto()
    SHARED = auto()


class AppCategory(WireEnum):
    """App categories with the wire spellings of the standard (``SURVELIANCE``, ``IDUSTRIAL``)."""

    IOT = auto()
    HEALTH_CARE = auto()
    GAMING = auto()
    VIRTUAL_REALITY = auto()
    SOCIALIZING = auto()
    SURVELIANCE = auto()
    ENTERTAINMENT = auto()
    CONNECTIVITY = auto()
    PRODUCTIVITY = auto()
    SECURITY = auto()
    IDUSTRIAL = auto()
    EDUCATION = auto()
    OTHERS = auto()


class LatencyConstraints(WireEnum):
    NONE = auto()
    LOW = auto()
    ULTRALOW = auto()


class MultiUserClients(WireEnum):
    APP_TYPE_SINGLE_USER = auto()
    APP_TYPE_MULTI_USER = auto()


class ResourceConsumption(WireEnum):
    RESERVED_RES_SHALL = auto()
    RESERVED_RES_PREFER = auto()
    RESERVED_RES_AVOID = auto()
    RESERVED_RES_FORBID = auto()


class PoolUpdateType(WireEnum):
    ADD = auto()
    REMOVE = auto()
    DURATION = auto()


class PlatformCap(StrEnum):
    HOME_ROUTING = "homeRouting"
    ANCHORING = "Anchoring"


class NetworkCodeObjectType(WireEnum):
    MOBILE_NETWORK_CODES = auto()
    FIXED_NETWORK_CODES = auto()


class NetworkCodeOperationType(WireEnum):
    ADD_CODES = auto()
    REMOVE_CODES = auto()
    UPDATE_CODES = auto()


class PartnerStatusObjectType(WireEnum):
    FEDERATION = auto()
    ZONES = auto()
    EDGE_DISCOVERY_SERVICE = auto()
    LCM_SERVICE = auto()
    MOBILE_NETWORK_CODES = auto()
    FIXED_NETWORK_CODES = auto()


class PartnerStatusOperationType(WireEnum):
    STATUS = auto()
    UPDATE = auto()
    ADD = auto()
    REMOVE = auto()


class Carrier(WireEnum):
    NR_5G = "5G"
    LTE = auto()
