"""Schemas shared across EWBI operations: endpoints, network codes, zones, compute resources,
flavours, OS types, repository locations and the error body."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, field_validator

from op_platform.models.fields import NonEmptyList
from op_platform.models.problems import InvalidParam

from .base import EwbiModel, needs_any
from .enums import (
    ComputeCpuArchType,
    CPUArchType,
    GpuVendorType,
    HugePageSize,
    OSArchitecture,
    OSDistribution,
    OSLicense,
    OSVersion,
)
from .ids import (
    AppIdentifier,
    FlavourId,
    Fqdn,
    GeoLocation,
    Ipv4Addr,
    Ipv6Addr,
    Mcc,
    Mnc,
    Port,
    Uri,
    ZoneIdentifier,
)

FixedNetworkIds = NonEmptyList[str]


class ServiceEndpoint(EwbiModel):
    """A port plus at least one of an FQDN, IPv4 addresses or IPv6 addresses."""

    port: Port
    fqdn: Fqdn | None = None
    ipv4Addresses: NonEmptyList[Ipv4Addr] | None = None
    ipv6Addresses: NonEmptyList[Ipv6Addr] | None = None

    one_of = (needs_any(("fqdn", "ipv4Addresses", "ipv6Addresses"), "ServiceEndpoint"),)


class MobileNetworkIds(EwbiModel):
    mcc: Mcc | None = None
    mncs: NonEmptyList[Mnc] | None = None


class ZoneDetails(EwbiModel):
    zoneId: ZoneIdentifier
    geolocation: GeoLocation
    geographyDetails: str


class GpuInfo(EwbiModel):
    gpuVendorType: GpuVendorType
    gpuModeName: str
    gpuMemory: int
    numGPU: int


class HugePage(EwbiModel):
    pageSize: HugePageSize
    number: int


class ComputeResourceInfo(EwbiModel):
    cpuArchType: ComputeCpuArchType
    numCPU: int
    memory: int
    diskStorage: int
    gpu: list[GpuInfo] | None = None
    vpu: int | None = None
    fpga: int | None = None
    hugepages: list[HugePage] | None = None
    cpuExclusivity: bool | None = None


_OS_VERSION_SPELLINGS = {"OS_VERSION_ DEBIAN_11": "OS_VERSION_DEBIAN_11"}


class OSType(EwbiModel):
    architecture: OSArchitecture
    distribution: OSDistribution
    version: OSVersion
    license: OSLicense

    @field_validator("version", mode="before")
    @classmethod
    def _version_spelling(cls, value: Any) -> Any:
        # The GSMA enum carries "OS_VERSION_ DEBIAN_11" (stray space); accept it.
        return _OS_VERSION_SPELLINGS.get(value, value) if isinstance(value, str) else value


class Flavour(EwbiModel):
    flavourId: FlavourId
    cpuArchType: CPUArchType
    supportedOSTypes: NonEmptyList[OSType]
    numCPU: int
    memorySize: int
    storageSize: int
    gpu: list[GpuInfo] | None = None
    fpga: int | None = None
    vpu: int | None = None
    hugepages: list[HugePage] | None = None
    cpuExclusivity: bool | None = None


class ObjectRepoLocation(EwbiModel):
    repoURL: Uri | None = None
    userName: AppIdentifier | None = None  # the standard gives it the app id's pattern
    password: str | None = Field(default=None, repr=False)
    token: str | None = Field(default=None, repr=False)


class ResourceReservationDuration(EwbiModel):
    """How long, from now, resources stay reserved (the parts add up; none is negative)."""

    numOfDays: Annotated[int, Field(ge=0, le=365000)] | None = None
    numOfMonths: Annotated[int, Field(ge=0, le=12000)] | None = None
    numOfYears: Annotated[int, Field(ge=0, le=1000)] | None = None

    one_of = (needs_any(("numOfDays", "numOfMonths", "numOfYears"), "reserveDuration"),)


class ProblemDetails(EwbiModel):
    """The EWBI error body (``application/problem+json``); it has no ``status`` or ``type``."""

    title: str | None = None
    detail: str | None = None
    cause: str | None = None
    invalidParams: NonEmptyList[InvalidParam] | None = None
