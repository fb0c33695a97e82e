"""What the NEF tells this OP (SBI-NR notifications), turned into this OP's state.

* UP path change (TS 29.522 ``EventNotification``) of a steered instance's subscription: the
  UE's user plane now goes to ``targetDnai``; the UE's row in ``nef_ue_path`` records the DNAI,
  the zone of this OP it serves, and the instance steered there.
* Location report (TS 29.122 ``MonitoringNotification``): the serving cell of a located UE; the
  same row records it when the report names the UE.

The receivers (``api/sbi_nr``) check the URL's token first (:mod:`.receipts`).
"""

from __future__ import annotations

import logging

from sqlmodel.ext.asyncio.session import AsyncSession

from op_platform.db.network_repository import NetworkRepository
from op_platform.db.tables.columns import utcnow
from op_platform.db.tables.network_rows import UePathRow
from op_platform.errors import NotFound
from op_platform.models.nef import EventNotification, MonitoringNotification
from op_platform.services.network.steering_bodies import zone_of_dnai
from op_platform.settings import Settings

log = logging.getLogger(__name__)


def ue_key(gpsi: str | None, ipv4: str | None) -> str | None:
    """How ``nef_ue_path`` names a UE: its GPSI, else its IPv4 address."""
    if gpsi:
        return f"gpsi:{gpsi}"
    return f"ipv4:{ipv4}" if ipv4 else None


async def record_path(
    session: AsyncSession,
    settings: Settings,
    ue: str,
    *,
    dnai: str | None = None,
    cell_id: str | None = None,
    instance_key: str | None = None,
) -> UePathRow:
    """Record what the NEF said of ``ue``: a new DNAI (a UP path), or a serving cell."""
    repo = NetworkRepository(session)
    row = await repo.ue_path(ue) or UePathRow(ue=ue)
    if dnai is not None:
        row.dnai, row.zone_id, row.instance_key = dnai, zone_of_dnai(settings, dnai), instance_key
    if cell_id is not None:
        row.cell_id = cell_id
    row.updated_at = utcnow()
    repo.add_ue_path(row)
    return row


async def up_path_changed(
    session: AsyncSession, settings: Settings, instance_key: str, event: EventNotification
) -> None:
    """Record the UE's new user plane path (404 when the steering is not known here)."""
    steering = await NetworkRepository(session).steering_of(instance_key)
    if steering is None:
        raise NotFound(f"no steering of instance {instance_key!r}", cause="UNKNOWN_STEERING")
    ue = ue_key(event.gpsi, event.tgt_ue_ipv4_addr or event.src_ue_ipv4_addr)
    if ue is None or event.target_dnai is None:
        log.info("UP path change without UE or target DNAI", extra={"instance": instance_key})
        return
    row = await record_path(
        session, settings, ue, dnai=event.target_dnai, instance_key=instance_key
    )
    log.info(
        "UP path changed",
        extra={"instance": instance_key, "dnai": event.target_dnai, "zone": row.zone_id},
    )


async def location_reported(
    session: AsyncSession, settings: Settings, ue: str, note: MonitoringNotification
) -> int:
    """Record the cells the reports give for ``ue``; how many reports were recorded."""
    recorded = 0
    for report in note.monitoring_event_reports or []:
        cell = report.location_info.cell_id if report.location_info else None
        if cell:
            await record_path(session, settings, ue, cell_id=cell)
            recorded += 1
    return recorded
