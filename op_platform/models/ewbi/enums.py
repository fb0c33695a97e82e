"""Enumerations of the EWBI. Values are the wire values, spelling included."""

from __future__ import annotations

from enum import StrEnum


class CPUArchType(StrEnum):
    ISA_X86 = "ISA_X86"
    ISA_X86_64 = "ISA_X86_64"
    ISA_ARM_64 = "ISA_ARM_64"


class ComputeCpuArchType(StrEnum):
    """The narrower set ``ComputeResourceInfo.cpuArchType`` allows."""

    ISA_X86_64 = "ISA_X86_64"
    ISA_ARM_64 = "ISA_ARM_64"


class Status(StrEnum):
    FAILED = "FAILED"
    TEMPORARY_FAILURE = "TEMPORARY_FAILURE"
    AVAILABLE = "AVAILABLE"
    LOCKED = "LOCKED"
    NOT_AVAILABLE = "NOT_AVAILABLE"


class InstanceState(StrEnum):
    PENDING = "PENDING"
    READY = "READY"
    FAILED = "FAILED"
    TERMINATING = "TERMINATING"


class OnboardStatus(StrEnum):
    PENDING = "PENDING"
    ONBOARDED = "ONBOARDED"
    DEBOARDING = "DEBOARDING"
    REMOVED = "REMOVED"
    FAILED = "FAILED"


class VirtImageType(StrEnum):
    QCOW2 = "QCOW2"
    DOCKER = "DOCKER"
    OVA = "OVA"


class RepoType(StrEnum):
    PRIVATEREPO = "PRIVATEREPO"
    PUBLICREPO = "PUBLICREPO"
    UPLOAD = "UPLOAD"


class ArtefactVirtType(StrEnum):
    VM_TYPE = "VM_TYPE"
    CONTAINER_TYPE = "CONTAINER_TYPE"


class ArtefactFileFormat(StrEnum):
    WINZIP = "WINZIP"
    TAR = "TAR"
    TEXT = "TEXT"
    TARGZ = "TARGZ"


class ArtefactDescriptorType(StrEnum):
    HELM = "HELM"
    TERRAFORM = "TERRAFORM"
    ANSIBLE = "ANSIBLE"
    SHELL = "SHELL"
    COMPONENTSPEC = "COMPONENTSPEC"


class OSArchitecture(StrEnum):
    X86_64 = "x86_64"
    X86 = "x86"


class OSDistribution(StrEnum):
    RHEL = "RHEL"
    UBUNTU = "UBUNTU"
    COREOS = "COREOS"
    FEDORA = "FEDORA"
    WINDOWS = "WINDOWS"
    OTHER = "OTHER"


class OSVersion(StrEnum):
    """OS versions. ``OS_VERSION_DEBIAN_11`` is written without the stray space of the GSMA file."""

    OS_VERSION_UBUNTU_2204_LTS = "OS_VERSION_UBUNTU_2204_LTS"
    OS_VERSION_RHEL_8 = "OS_VERSION_RHEL_8"
    OS_VERSION_RHEL_7 = "OS_VERSION_RHEL_7"
    OS_VERSION_DEBIAN_11 = "OS_VERSION_DEBIAN_11"
    OS_VERSION_COREOS_STABLE = "OS_VERSION_COREOS_STABLE"
    OS_MS_WINDOWS_2012_R2 = "OS_MS_WINDOWS_2012_R2"
    OTHER = "OTHER"


class OSLicense(StrEnum):
    OS_LICENSE_TYPE_FREE = "OS_LICENSE_TYPE_FREE"
    OS_LICENSE_TYPE_ON_DEMAND = "OS_LICENSE_TYPE_ON_DEMAND"
    NOT_SPECIFIED = "NOT_SPECIFIED"


class GpuVendorType(StrEnum):
    GPU_PROVIDER_NVIDIA = "GPU_PROVIDER_NVIDIA"
    GPU_PROVIDER_AMD = "GPU_PROVIDER_AMD"


class HugePageSize(StrEnum):
    SIZE_2MB = "2MB"
    SIZE_4MB = "4MB"
    SIZE_1GB = "1GB"


class CommProtocol(StrEnum):
    TCP = "TCP"
    UDP = "UDP"
    HTTP_HTTPS = "HTTP_HTTPS"


class VisibilityType(StrEnum):
    VISIBILITY_EXTERNAL = "VISIBILITY_EXTERNAL"
    VISIBILITY_INTERNAL = "VISIBILITY_INTERNAL"


class RestartPolicy(StrEnum):
    RESTART_POLICY_ALWAYS = "RESTART_POLICY_ALWAYS"
    RESTART_POLICY_NEVER = "RESTART_POLICY_NEVER"


class EnvValueType(StrEnum):
    USER_DEFINED = "USER_DEFINED"
    PLATFORM_DEFINED_DYNAMIC_PORT = "PLATFORM_DEFINED_DYNAMIC_PORT"
    PLATFORM_DEFINED_DNS = "PLATFORM_DEFINED_DNS"
    PLATFRM_DEFINED_IP = "PLATFRM_DEFINED_IP"


class VolumeSize(StrEnum):
    GI_10 = "10Gi"
    GI_20 = "20Gi"
    GI_50 = "50Gi"
    GI_100 = "100Gi"


class AccessMode(StrEnum):
    RW = "RW"
    RO = "RO"


class SharingPolicy(StrEnum):
    EXCLUSIVE = "EXCLUSIVE"
    SHARED = "SHARED"


class AppCategory(StrEnum):
    """App categories with the wire spellings of the standard (``SURVELIANCE``, ``IDUSTRIAL``)."""

    IOT = "IOT"
    HEALTH_CARE = "HEALTH_CARE"
    GAMING = "GAMING"
    VIRTUAL_REALITY = "VIRTUAL_REALITY"
    SOCIALIZING = "SOCIALIZING"
    SURVELIANCE = "SURVELIANCE"
    ENTERTAINMENT = "ENTERTAINMENT"
    CONNECTIVITY = "CONNECTIVITY"
    PRODUCTIVITY = "PRODUCTIVITY"
    SECURITY = "SECURITY"
    IDUSTRIAL = "IDUSTRIAL"
    EDUCATION = "EDUCATION"
    OTHERS = "OTHERS"


class LatencyConstraints(StrEnum):
    NONE = "NONE"
    LOW = "LOW"
    ULTRALOW = "ULTRALOW"


class MultiUserClients(StrEnum):
    APP_TYPE_SINGLE_USER = "APP_TYPE_SINGLE_USER"
    APP_TYPE_MULTI_USER = "APP_TYPE_MULTI_USER"


class ResourceConsumption(StrEnum):
    RESERVED_RES_SHALL = "RESERVED_RES_SHALL"
    RESERVED_RES_PREFER = "RESERVED_RES_PREFER"
    RESERVED_RES_AVOID = "RESERVED_RES_AVOID"
    RESERVED_RES_FORBID = "RESERVED_RES_FORBID"


class PoolUpdateType(StrEnum):
    ADD = "ADD"
    REMOVE = "REMOVE"
    DURATION = "DURATION"


class PlatformCap(StrEnum):
    HOME_ROUTING = "homeRouting"
    ANCHORING = "Anchoring"


class NetworkCodeObjectType(StrEnum):
    MOBILE_NETWORK_CODES = "MOBILE_NETWORK_CODES"
    FIXED_NETWORK_CODES = "FIXED_NETWORK_CODES"


class NetworkCodeOperationType(StrEnum):
    ADD_CODES = "ADD_CODES"
    REMOVE_CODES = "REMOVE_CODES"
    UPDATE_CODES = "UPDATE_CODES"


class PartnerStatusObjectType(StrEnum):
    FEDERATION = "FEDERATION"
    ZONES = "ZONES"
    EDGE_DISCOVERY_SERVICE = "EDGE_DISCOVERY_SERVICE"
    LCM_SERVICE = "LCM_SERVICE"
    MOBILE_NETWORK_CODES = "MOBILE_NETWORK_CODES"
    FIXED_NETWORK_CODES = "FIXED_NETWORK_CODES"


class PartnerStatusOperationType(StrEnum):
    STATUS = "STATUS"
    UPDATE = "UPDATE"
    ADD = "ADD"
    REMOVE = "REMOVE"


class Carrier(StrEnum):
    NR_5G = "5G"
    LTE = "LTE"
