"""ISV resource pool bodies: CreateResourcePools, ViewISVResPool, UpdateISVResPool."""

from __future__ import annotations

from pydantic import RootModel

from op_platform.models.fields import NonEmptyList
from op_platform.models.validation import DateTimeText

from .base import EwbiModel
from .common import ResourceReservationDuration
from .enums import PoolUpdateType
from .ids import FlavourId, PoolId, PoolName, Uri


class FlavourRequest(EwbiModel):
    flavourId: FlavourId
    numFlavour: int
    minNumOfFlavours: int | None = None


class ResourceRequest(EwbiModel):
    poolName: PoolName
    flavours: NonEmptyList[FlavourRequest]
    reserveDuration: ResourceReservationDuration


class CreateResourcePoolsRequest(EwbiModel):
    """CreateResourcePools body (then ``onResourceStatusChangeEvent``)."""

    resRequest: ResourceRequest
    resourceReservationCallbackLink: Uri


class CreateResourcePoolsResponse(EwbiModel):
    poolName: PoolName
    poolId: PoolId


class ReservedFlavour(EwbiModel):
    flavourId: FlavourId
    count: int


class ResourcePoolInfo(EwbiModel):
    """One pool in the ViewISVResPool answer."""

    poolName: PoolName
    reservedPoolId: PoolId
    reservedFlavours: NonEmptyList[ReservedFlavour]
    reserveDuration: ResourceReservationDuration | None = None
    reservationTime: DateTimeText | None = None


class ResourcePools(RootModel[list[ResourcePoolInfo]]):
    """ViewISVResPool answer (200)."""


class PoolUpdate(EwbiModel):
    """One change of UpdateISVResPool: ``count`` is the new total for the flavour (0 removes it)."""

    updateType: PoolUpdateType
    flavourId: FlavourId
    count: int
    reserveDuration: ResourceReservationDuration | None = None


class UpdateISVResPoolRequest(RootModel[list[PoolUpdate]]):
    """UpdateISVResPool body."""
