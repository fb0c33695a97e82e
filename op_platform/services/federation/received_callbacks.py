"""Callbacks received from partners (this OP as the originating OP), and who reacts to them.

Each ``apply_*`` function finds this OP's record of the federation the event is about, checks
that the caller is that federation's partner (its client id is the partner id; see
``services.ewbi.partners``), updates the record, and then calls the listeners registered for the
event's kind (added to the OP's :class:`CallbackListeners` in ``op_platform.wiring``), in the
same transaction:

    listeners.add("application", async fn(session, event))   # also "partner_status",
                                                              # "zone_resources", "instance", "pool"

``event`` is a :class:`ReceivedEvent` (kind, partner id, federation context, validated body).
An unknown federation context, or one whose partner is not the caller, is NotFound; a federation
still being created (PENDING) is Unavailable, so the partner retries.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from op_platform.db.federation_repository import PartnerFederationRepository
from op_platform.db.tables import PartnerFederationRow, PartnerReportedStateRow
from op_platform.db.tables.columns import utcnow
from op_platform.errors import NotFound, Unavailable
from op_platform.models.ewbi.base import EwbiModel
from op_platform.models.ewbi.callbacks import (
    ApplicationOnboardStatusEvent,
    InstanceStatusEvent,
    PartnerStatusEvent,
    ResourceStatusChangeEvent,
    ZoneResourceUpdateEvent,
)
from op_platform.models.ewbi.common import MobileNetworkIds
from op_platform.models.ewbi.enums import PartnerStatusObjectType as Obj
from op_platform.models.ewbi.enums import PartnerStatusOperationType as Op

log = logging.getLogger(__name__)

KINDS = ("partner_status", "zone_resources", "application", "instance", "pool")
PENDING = "PENDING"


@dataclass(frozen=True)
class ReceivedEvent:
    kind: str
    partner_id: str
    federation_context_id: str
    body: EwbiModel


Listener = Callable[[AsyncSession, ReceivedEvent], Awaitable[None]]


class CallbackListeners:
    """Who reacts to accepted callbacks, by event kind (one set per running OP)."""

    def __init__(self) -> None:
        self._by_kind: dict[str, list[Listener]] = {kind: [] for kind in KINDS}

    def add(self, kind: str, listener: Listener) -> None:
        """Call ``listener(session, event)`` for every accepted event of ``kind`` (see KINDS)."""
        if kind not in self._by_kind:
            raise ValueError(f"unknown event kind {kind!r}; one of {', '.join(KINDS)}")
        if listener not in self._by_kind[kind]:
            self._by_kind[kind].append(listener)

    def remove(self, kind: str, listener: Listener) -> None:
        if listener in self._by_kind.get(kind, []):
            self._by_kind[kind].remove(listener)

    async def notify(self, session: AsyncSession, event: ReceivedEvent) -> None:
        for listener in list(self._by_kind[event.kind]):
            await listener(session, event)


async def partner_record(
    session: AsyncSession, federation_context_id: str | None, client_id: str
) -> PartnerFederationRow:
    """The caller's federation the event is about (see the module doc for the errors)."""
    repo = PartnerFederationRepository(session)
    mine: list[PartnerFederationRow] | None = None
    if federation_context_id is not None:
        rows = [
            r for r in await repo.by_context(federation_context_id) if r.partner_id == client_id
        ]
    else:
        mine = list(await repo.list(client_id))
        rows = [r for r in mine if r.status != PENDING]
    if len(rows) == 1:
        return rows[0]
    if mine is None:  # read only when the context named is not found
        mine = list(await repo.list(client_id))
        # Our record may have left PENDING for this very context between the two reads.
        rows = [r for r in mine if r.federation_context_id == federation_context_id]
        if len(rows) == 1:
            return rows[0]
    if any(r.status == PENDING for r in mine):
        raise Unavailable(
            "the federation is still being set up; retry shortly",
            cause="FEDERATION_PENDING",
            headers={"Retry-After": "1"},
        )
    raise NotFound(
        f"federation context {federation_context_id!r} not found",
        cause="FEDERATION_CONTEXT_NOT_FOUND",
    )


def _dump(value: Any) -> Any:
    return value.model_dump(mode="json", exclude_none=True) if value is not None else None


def _apply_zones(row: PartnerFederationRow, event: PartnerStatusEvent) -> None:
    zones = {str(z["zoneId"]): dict(z) for z in row.offered_zones}
    for zone in event.addZones or []:
        zones[zone.zoneId] = {**_dump(zone), "status": "AVAILABLE"}
    for zone_id in event.removeZones or []:
        zones.pop(zone_id, None)
    for status in event.zoneStatus or []:
        if status.zoneId in zones:
            zones[status.zoneId]["status"] = status.status.value
    row.offered_zones = list(zones.values())
    row.subscribed_zones = [z for z in row.subscribed_zones if z in zones]


def _apply_mobile(row: PartnerFederationRow, event: PartnerStatusEvent) -> None:
    have = MobileNetworkIds.model_validate(row.mobile_network_codes or {})
    mncs = list(have.mncs or [])
    add, remove = event.addMobileNetworkIds, event.removeMobileNetworkIds
    if event.operationType is Op.UPDATE and add is not None:
        mncs = []
    if add is not None:
        mncs += [m for m in add.mncs or [] if m not in mncs]
    if remove is not None:
        mncs = [m for m in mncs if m not in (remove.mncs or [])]
    mcc = (add.mcc if add is not None else None) or have.mcc
    row.mobile_network_codes = {"mcc": mcc, "mncs": mncs} if mncs else None


def _apply_fixed(row: PartnerFederationRow, event: PartnerStatusEvent) -> None:
    codes = [] if event.operationType is Op.UPDATE else list(row.fixed_network_codes or [])
    codes += [c for c in event.addFixedNetworkIds or [] if c not in codes]
    codes = [c for c in codes if c not in (event.removeFixedNetworkIds or [])]
    row.fixed_network_codes = codes or None


async def apply_partner_status(
    session: AsyncSession, client_id: str, event: PartnerStatusEvent
) -> ReceivedEvent:
    row = await partner_record(session, event.federationContextId, client_id)
    if event.objectType is Obj.FEDERATION and event.federationStatus is not None:
        row.status = event.federationStatus.value
    elif event.objectType is Obj.ZONES:
        _apply_zones(row, event)
    elif event.objectType is Obj.EDGE_DISCOVERY_SERVICE and event.edgeDiscoverySvcEndPoint:
        row.edge_discovery_endpoint = _dump(event.edgeDiscoverySvcEndPoint)
    elif event.objectType is Obj.LCM_SERVICE and event.lcmSvcEndPoint:
        row.lcm_endpoint = _dump(event.lcmSvcEndPoint)
    elif event.objectType is Obj.MOBILE_NETWORK_CODES:
        _apply_mobile(row, event)
    elif event.objectType is Obj.FIXED_NETWORK_CODES:
        _apply_fixed(row, event)
    row.updated_at = utcnow()
    PartnerFederationRepository(session).save(row)
    log.info(
        "partner status event",
        extra={"partner": row.partner_id, "object": event.objectType.value},
    )
    return _received("partner_status", row, event)


async def apply_zone_resources(
    session: AsyncSession, client_id: str, event: ZoneResourceUpdateEvent
) -> ReceivedEvent:
    row = await partner_record(session, event.federationContextId, client_id)
    if event.zoneId is not None:
        # held until the commit: our own subscription's answer may be writing the same column
        locked = await PartnerFederationRepository(session).get(row.id, lock=True)
        if locked is None:
            raise NotFound("the federation was deleted meanwhile", cause="FEDERATION_NOT_FOUND")
        row = locked
        resources = dict(row.zone_resources)
        resources[event.zoneId] = {
            **resources.get(event.zoneId, {}),
            "available": [_dump(info) for info in event.zoneResUpdInfo],
            "updatedAt": utcnow().isoformat(),
        }
        row.zone_resources = resources
        row.updated_at = utcnow()
        PartnerFederationRepository(session).save(row)
    return _received("zone_resources", row, event)


async def _record(
    session: AsyncSession,
    row: PartnerFederationRow,
    kind: str,
    states: list[tuple[str, str, str | None]],
    event: EwbiModel,
) -> None:
    """Store each (object, zone, state) of one event: what is stored already is read in one
    query, and what is new or changed is written together when the session flushes."""
    repo = PartnerFederationRepository(session)
    ctx = row.federation_context_id
    known = {
        (stored.object_id, stored.zone_id): stored
        for stored in await repo.reported_of(ctx, kind, {object_id for object_id, _, _ in states})
    }
    dumped = event.model_dump(mode="json", exclude_none=True)
    for object_id, zone_id, state in states:
        stored = known.get((object_id, zone_id)) or PartnerReportedStateRow(
            federation_context_id=ctx,
            kind=kind,
            object_id=object_id,
            zone_id=zone_id,
            partner_id=row.partner_id,
        )
        known[(object_id, zone_id)] = stored
        stored.state = state
        stored.event = dumped
        stored.updated_at = utcnow()
        repo.save_reported(stored)


async def apply_onboard_status(
    session: AsyncSession, client_id: str, event: ApplicationOnboardStatusEvent
) -> ReceivedEvent:
    states = [(event.appId, i.zoneId, i.onboardStatusInfo.value) for i in event.statusInfo]
    return await _reported(session, client_id, event, "application", states)


async def apply_instance_status(
    session: AsyncSession, client_id: str, event: InstanceStatusEvent
) -> ReceivedEvent:
    found = event.appInstanceInfo.appInstanceState
    state = found.value if found is not None else None
    states = [(event.appInstIdentifier, event.zoneId, state)]
    return await _reported(session, client_id, event, "instance", states)


async def apply_resource_status(
    session: AsyncSession, client_id: str, event: ResourceStatusChangeEvent
) -> ReceivedEvent:
    states = [(event.poolId, event.zoneId, "GRANTED")]
    return await _reported(session, client_id, event, "pool", states)


async def _reported(
    session: AsyncSession,
    client_id: str,
    event: ApplicationOnboardStatusEvent | InstanceStatusEvent | ResourceStatusChangeEvent,
    kind: str,
    states: Iterable[tuple[str, str, str | None]],
) -> ReceivedEvent:
    """Record the states an event reports, per (object, zone), in the caller's federation."""
    row = await partner_record(session, event.federationContextId, client_id)
    await _record(session, row, kind, list(states), event)
    return _received(kind, row, event)


def _received(kind: str, row: PartnerFederationRow, body: EwbiModel) -> ReceivedEvent:
    return ReceivedEvent(kind, row.partner_id, row.federation_context_id, body)


Apply = Callable[[AsyncSession, str, Any], Awaitable[ReceivedEvent]]
APPLY: dict[str, Apply] = {
    "partner_status": apply_partner_status,
    "zone_resources": apply_zone_resources,
    "application": apply_onboard_status,
    "instance": apply_instance_status,
    "pool": apply_resource_status,
}


async def receive(
    session: AsyncSession, listeners: CallbackListeners, kind: str, client_id: str, body: Any
) -> None:
    """Apply a callback of ``kind`` from ``client_id`` and tell the listeners, in one
    transaction."""
    event = await APPLY[kind](session, client_id, body)
    await listeners.notify(session, event)
