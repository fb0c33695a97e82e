"""The flavour catalogue of the OP's zones, and the arithmetic of zone capacity.

Every zone offers the flavours of :data:`CATALOGUE` that fit in its total capacity (a zone with
8 CPUs does not offer a 16-CPU flavour). ZoneSubscribe/GetZoneData answer ``flavoursSupported``
from :func:`zone_flavours`; InstallApp and the resource pools check ``flavourId`` against the same
list and consume capacity with :attr:`FlavourSpec.resources`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from op_platform.models.ewbi import Flavour, OSType
from op_platform.models.ewbi.enums import (
    CPUArchType,
    OSArchitecture,
    OSDistribution,
    OSLicense,
    OSVersion,
)


class ZoneCapacity(Protocol):
    """What capacity a zone has (``ZoneRow`` and the configured ``Zone`` both fit)."""

    zone_id: str
    num_cpu: int
    memory_mb: int
    storage_gb: int


@dataclass(frozen=True)
class Resources:
    """An amount of compute: CPUs, memory (MB) and storage (GB)."""

    cpu: int = 0
    memory_mb: int = 0
    storage_gb: int = 0

    def __add__(self, other: Resources) -> Resources:
        return Resources(
            self.cpu + other.cpu,
            self.memory_mb + other.memory_mb,
            self.storage_gb + other.storage_gb,
        )

    def __sub__(self, other: Resources) -> Resources:
        return Resources(
            self.cpu - other.cpu,
            self.memory_mb - other.memory_mb,
            self.storage_gb - other.storage_gb,
        )

    def times(self, count: int) -> Resources:
        return Resources(self.cpu * count, self.memory_mb * count, self.storage_gb * count)

    def fits_in(self, available: Resources) -> bool:
        return (
            self.cpu <= available.cpu
            and self.memory_mb <= available.memory_mb
            and self.storage_gb <= available.storage_gb
        )

    def describe(self) -> str:
        return f"{self.cpu} CPU, {self.memory_mb} MB memory, {self.storage_gb} GB storage"


def zone_total(zone: ZoneCapacity) -> Resources:
    return Resources(zone.num_cpu, zone.memory_mb, zone.storage_gb)


@dataclass(frozen=True)
class FlavourSpec:
    flavour_id: str
    resources: Resources

    def wire(self) -> Flavour:
        return Flavour(
            flavourId=self.flavour_id,
            cpuArchType=CPUArchType.ISA_X86_64,
            supportedOSTypes=[_UBUNTU],
            numCPU=self.resources.cpu,
            memorySize=self.resources.memory_mb,
            storageSize=self.resources.storage_gb,
        )


_UBUNTU = OSType(
    architecture=OSArchitecture.X86_64,
    distribution=OSDistribution.UBUNTU,
    version=OSVersion.OS_VERSION_UBUNTU_2204_LTS,
    license=OSLicense.OS_LICENSE_TYPE_FREE,
)

CATALOGUE: tuple[FlavourSpec, ...] = (
    FlavourSpec("fl-small", Resources(cpu=2, memory_mb=4096, storage_gb=20)),
    FlavourSpec("fl-medium", Resources(cpu=4, memory_mb=8192, storage_gb=40)),
    FlavourSpec("fl-large", Resources(cpu=8, memory_mb=16384, storage_gb=80)),
    FlavourSpec("fl-xlarge", Resources(cpu=16, memory_mb=32768, storage_gb=160)),
)


def zone_flavours(zone: ZoneCapacity) -> list[FlavourSpec]:
    """The catalogue flavours that fit in the zone's total capacity (smallest first); a zone
    smaller than every flavour offers the smallest (the contract lists at least one), and an
    install of it then finds the capacity lacking."""
    total = zone_total(zone)
    return [spec for spec in CATALOGUE if spec.resources.fits_in(total)] or [CATALOGUE[0]]


def zone_flavour(zone: ZoneCapacity, flavour_id: str) -> FlavourSpec | None:
    """The flavour ``flavour_id`` if the zone supports it."""
    return next((spec for spec in zone_flavours(zone) if spec.flavour_id == flavour_id), None)


def flavours_supported(zone: ZoneCapacity) -> list[Flavour]:
    """``flavoursSupported`` of the zone, as wire models."""
    return [spec.wire() for spec in zone_flavours(zone)]
