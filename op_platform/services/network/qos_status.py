"""The life of a Quality-on-Demand session after its creation: what the NEF reports, the end of
its duration, its removal; each status change told to the consumer's sink.

* The NEF's user plane events (TS 29.122 ``UserPlaneNotificationData``) to the session's
  receiver: ``SUCCESSFUL_RESOURCES_ALLOCATION``/``QOS_GUARANTEED`` make it ``AVAILABLE`` (the
  first time: ``startedAt`` now, ``expiresAt`` after its duration); ``QOS_NOT_GUARANTEED`` and
  ``FAILED_RESOURCES_ALLOCATION`` make it ``UNAVAILABLE``/``NETWORK_TERMINATED`` (a restored
  flow makes it ``AVAILABLE`` again); ``SESSION_TERMINATION`` ends it (``NETWORK_TERMINATED``).
* :func:`end_due` (the ``qod-sessions`` worker): a session whose ``expiresAt`` has come ends
  with ``DURATION_EXPIRED`` and its AS session is deleted at the NEF; a session ended more than
  :data:`KEEP_ENDED` seconds ago is forgotten (CAMARA: at earliest 360 s after the event).
* Each change of ``qosStatus`` queues one CloudEvent ``qos-status-changed`` to the sink (with
  the consumer's bearer token, sealed at rest), through the outbox.

A session has ended when it is ``UNAVAILABLE`` and the NEF holds nothing for it (``nef_id``
None); one ended with ``DELETE_REQUESTED`` is gone for the API.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from op_platform import roots
from op_platform.db.network_repository import NetworkRepository
from op_platform.db.tables.columns import utcnow
from op_platform.db.tables.network_rows import QodSessionRow
from op_platform.errors import NotFound
from op_platform.models.nef import UserPlaneEvent, UserPlaneNotificationData, paths
from op_platform.models.qod import QOS_STATUS_CHANGED, SessionInfo
from op_platform.outbox import enqueue
from op_platform.services.network import sink_events
from op_platform.services.network.nef_target import NEF_AUTH, NefTarget
from op_platform.settings import Settings

log = logging.getLogger(__name__)

SINK_AUTH = "qod-sink"
EVENT_KIND = "qod.qos-status-changed"
KEEP_ENDED = 360  # seconds an ended session stays readable
AVAILABLE, UNAVAILABLE, REQUESTED = "AVAILABLE", "UNAVAILABLE", "REQUESTED"
GRANTED = {UserPlaneEvent.SUCCESSFUL_RESOURCES_ALLOCATION, UserPlaneEvent.QOS_GUARANTEED}
LOST = {UserPlaneEvent.QOS_NOT_GUARANTEED, UserPlaneEvent.FAILED_RESOURCES_ALLOCATION}


def aware(moment: datetime | None) -> datetime | None:
    """A stored time with its zone (SQLite gives naive UTC back)."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=utcnow().tzinfo)


def ended(row: QodSessionRow) -> bool:
    return row.status == UNAVAILABLE and row.nef_id is None


def info(row: QodSessionRow) -> SessionInfo:
    """The session as the API shows it."""
    started, expires = aware(row.started_at), aware(row.expires_at)
    duration = row.duration
    if ended(row) and started is not None and expires is not None:
        duration = max(1, int((expires - started).total_seconds()))
    return SessionInfo(
        sessionId=row.session_id,
        device=row.device or None,
        applicationServer=row.application_server,
        devicePorts=row.device_ports,
        applicationServerPorts=row.server_ports,
        qosProfile=row.qos_profile,
        sink=row.sink,
        duration=duration,
        startedAt=started,
        expiresAt=expires if row.status != REQUESTED else None,
        qosStatus=row.status,
        statusInfo=row.status_info,
    )


def source(settings: Settings, session_id: str) -> str:
    return f"{settings.base_url}{roots.QOD}/sessions/{session_id}"


async def _emit(session: AsyncSession, settings: Settings, row: QodSessionRow) -> None:
    """Queue the session's new ``qosStatus`` to its sink (nothing without a sink)."""
    if row.sink is None:
        return
    data: dict[str, Any] = {"sessionId": row.session_id, "qosStatus": row.status}
    if row.status_info is not None and row.status == UNAVAILABLE:
        data["statusInfo"] = row.status_info
    await sink_events.send(
        session,
        sink=row.sink,
        kind=EVENT_KIND,
        source=source(settings, row.session_id),
        event_type=QOS_STATUS_CHANGED,
        data=data,
        auth={"kind": SINK_AUTH, "session": row.session_id} if row.sink_token else None,
        ordering_key=f"qod:{row.session_id}",
    )


async def become(
    session: AsyncSession,
    settings: Settings,
    row: QodSessionRow,
    status: str,
    status_info: str | None = None,
    *,
    end: bool = False,
) -> None:
    """Set the session's status (its times on the first AVAILABLE and at its end) and tell
    the sink when ``qosStatus`` changed."""
    now = utcnow()
    changed = row.status != status
    row.status, row.status_info = status, status_info if status == UNAVAILABLE else None
    if status == AVAILABLE and row.started_at is None:
        row.started_at, row.expires_at = now, now + timedelta(seconds=row.duration)
    if end:
        row.nef_id = None
        expires = aware(row.expires_at)
        row.expires_at = now if expires is None or expires > now else expires
    row.updated_at = now
    NetworkRepository(session).add_qod_session(row)
    await session.flush()
    if changed:
        log.info("QoD session status", extra={"session": row.session_id, "status": status})
        await _emit(session, settings, row)


async def delete_at_nef(session: AsyncSession, nef: NefTarget, row: QodSessionRow) -> None:
    """Queue the deletion of the session's AS session at the NEF (nothing when none)."""
    if row.nef_id is None:
        return
    await enqueue(
        session,
        kind="nef.qos.delete",
        method="DELETE",
        url=nef.url(paths.AS_SESSION_SUB, subscriptionId=row.nef_id),
        body=None,
        auth={"kind": NEF_AUTH},
        ordering_key=f"qod:{row.session_id}:nef",
    )


async def user_plane_event(
    session: AsyncSession, settings: Settings, session_id: str, note: UserPlaneNotificationData
) -> None:
    """Apply the NEF's events of one session, in order (404 for a session not known here)."""
    row = await NetworkRepository(session).qod_session(session_id, lock=True)
    if row is None or ended(row):
        raise NotFound(f"no QoD session {session_id}", cause="UNKNOWN_SESSION")
    for report in note.event_reports:
        event = report.event
        if event in GRANTED:
            await become(session, settings, row, AVAILABLE)
        elif event in LOST:
            await become(session, settings, row, UNAVAILABLE, "NETWORK_TERMINATED")
        elif event == UserPlaneEvent.SESSION_TERMINATION:
            await become(session, settings, row, UNAVAILABLE, "NETWORK_TERMINATED", end=True)


async def end_due(session: AsyncSession, settings: Settings, nef: NefTarget) -> int:
    """End the sessions whose duration is over; forget those ended long ago. How many."""
    repo = NetworkRepository(session)
    now = utcnow()
    done = 0
    for row in await repo.qod_sessions_due(now):
        if ended(row):
            if (aware(row.updated_at) or now) <= now - timedelta(seconds=KEEP_ENDED):
                await repo.delete_qod_session(row)
                done += 1
            continue
        locked = await repo.qod_session(row.session_id, lock=True)
        if locked is None or ended(locked):
            continue
        await delete_at_nef(session, nef, locked)
        status_info = locked.status_info if locked.status == UNAVAILABLE else "DURATION_EXPIRED"
        await become(session, settings, locked, UNAVAILABLE, status_info, end=True)
        done += 1
    return done


async def sink_credentials(
    session: AsyncSession, settings: Settings, ref: Mapping[str, Any]
) -> dict[str, str]:
    """Outbox auth resolver of :data:`SINK_AUTH`: the consumer's bearer token for its sink."""
    row = await NetworkRepository(session).qod_session(str(ref.get("session")))
    return sink_events.bearer(settings, row.sink_token if row else None, "this QoD session")
