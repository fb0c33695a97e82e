"""CAMARA-shaped events from a NEF that exposes CAMARA APIs (``POST /sbi-nr/v1/notifications/qos``
and ``.../traffic-influence``), turned into the same state as the 3GPP notifications.

* ``qos-status-changed``: ``data.sessionId`` is the session as the NEF knows it (this OP's
  ``nef_id``, or this OP's own session id); ``AVAILABLE`` makes the QoD session available,
  ``UNAVAILABLE`` ends it with the event's ``statusInfo`` (default ``NETWORK_TERMINATED``).
* ``traffic-influence-change``: ``data.trafficInfluenceID`` is a steering subscription;
  ``deleted`` or ``error`` means the NEF no longer steers the instance: the subscription is
  forgotten and created again (``error`` is kept as the steering's last error).

Both are idempotent: an event that changes nothing changes nothing. Unknown resources are 404.
"""

from __future__ import annotations

import logging

from sqlmodel.ext.asyncio.session import AsyncSession

from op_platform.db.network_repository import NetworkRepository
from op_platform.errors import NotFound
from op_platform.models.sbi import EventQosStatusChanged, EventTrafficInfluenceChanged
from op_platform.services.network import qos_status, steering
from op_platform.services.network.nef_target import NefTarget
from op_platform.settings import Settings

log = logging.getLogger(__name__)


async def qos_status_changed(
    session: AsyncSession, settings: Settings, event: EventQosStatusChanged
) -> None:
    repo = NetworkRepository(session)
    sid = str(event.data.sessionId)
    row = await repo.qod_session_of_nef(sid) or await repo.qod_session(sid, lock=True)
    if row is None or qos_status.ended(row):
        raise NotFound(f"no QoD session {sid}", cause="UNKNOWN_SESSION")
    if event.data.qosStatus == qos_status.AVAILABLE:
        await qos_status.become(session, settings, row, qos_status.AVAILABLE)
        return
    info = event.data.statusInfo or "NETWORK_TERMINATED"
    await qos_status.become(session, settings, row, qos_status.UNAVAILABLE, info, end=True)


async def traffic_influence_changed(
    session: AsyncSession, settings: Settings, nef: NefTarget, event: EventTrafficInfluenceChanged
) -> None:
    ti_id = event.data.trafficInfluenceID
    row = await NetworkRepository(session).steering_of_subscription(ti_id)
    if row is None:
        raise NotFound(f"no traffic influence {ti_id}", cause="UNKNOWN_STEERING")
    state = event.data.state
    log.info("traffic influence changed", extra={"instance": row.instance_key, "state": state})
    if state not in ("deleted", "error"):
        return
    if state == "error":
        row.last_error = f"the NEF reports traffic influence {ti_id} in error"
    row.ti_id, row.ti_version = None, 0
    row.version += 1  # a new version to hold: the subscription is created again
    await steering.advance(session, settings, nef, row)
