"""Traffic steering of every edge instance on this OP's zones, kept at the NEF through the outbox.

For each READY instance on this OP's zones (installed by a partner through the EWBI, or by a
provider through the NBI) the NEF holds one traffic influence subscription and one EAS
deployment (:mod:`.steering_bodies`). A pass (:func:`sync`, run by the ``nef-steering``
worker) compares the instances with the ``nef_steering`` rows in one transaction: a new READY
instance gets a row and two creations queued; an instance that moved (zone, DNAI, endpoint) gets
its version bumped and updates queued; an instance gone (deleted, terminating, failed) has its
row marked ``removing`` and deletions queued. The outcome of each call comes back to
:func:`apply_result` in the transaction that records it, which stores the NEF's resource id and
queues what is still missing (an update that came in while a creation was in flight, the
deletion of a resource whose creation was in flight when the instance went).

Nothing is lost: the rows and the queued calls commit with the pass; a NEF that is down only
delays the calls (the outbox retries them). Calls about one resource are sent in order.
"""

from __future__ import annotations

import logging
from typing import Any

import httpx
from sqlmodel.ext.asyncio.session import AsyncSession

from op_platform.db.network_repository import NetworkRepository
from op_platform.db.tables.columns import utcnow
from op_platform.db.tables.network_rows import SteeringRow
from op_platform.models.ewbi.enums import InstanceState
from op_platform.models.nef import NefModel, paths
from op_platform.outbox import OutboxMessage, enqueue
from op_platform.outbox.send import describe, status_of
from op_platform.services.network import steering_bodies as bodies
from op_platform.services.network.nef_target import NEF_AUTH, NefTarget
from op_platform.settings import Settings

log = logging.getLogger(__name__)

STEERING_RESULT = "nef.steering"
TI, EAS = "ti", "eas"
PARTS = (TI, EAS)
_COLLECTION = {TI: paths.TRAFFIC_INFLUENCE_SUBS, EAS: paths.EAS_DEPLOYMENTS}
_ITEM = {
    TI: (paths.TRAFFIC_INFLUENCE_SUB, "subscriptionId"),
    EAS: (paths.EAS_DEPLOYMENT, "easDeployInfoId"),
}


async def placements(session: AsyncSession, settings: Settings) -> dict[str, bodies.Placement]:
    """What the NEF should hold now: one placement per READY instance on this OP's zones."""
    repo = NetworkRepository(session)
    found: dict[str, bodies.Placement] = {}
    for inst in await repo.ready_partner_instances(InstanceState.READY):
        key = f"ewbi:{inst.id}"
        place = bodies.placement(settings, key, inst.app_id, inst.zone_id, inst.access_points)
        if place is not None:
            found[key] = place
    for nbi in await repo.ready_local_instances("ready"):
        key = f"nbi:{nbi.instance_id}"
        place = bodies.placement(settings, key, nbi.app_id, nbi.zone_id, nbi.endpoints)
        if place is not None:
            found[key] = place
    return found


async def sync(session: AsyncSession, settings: Settings, nef: NefTarget) -> int:
    """One pass: queue what makes the NEF hold what it should; the number of rows changed."""
    repo = NetworkRepository(session)
    wanted = await placements(session, settings)
    changed = 0
    held = {row.instance_key: row for row in await repo.steering()}
    for key, place in wanted.items():
        if key in held and not held[key].removing and not place.differs(held[key]):
            continue
        row = await repo.steering_of(key, lock=True)
        if row is None:
            row = SteeringRow(instance_key=key, app_id="", zone_id="", dnai="", fqdn="", ipv4="")
            place.apply(row)
            log.info("steering instance", extra={"instance": key, "dnai": place.dnai})
        elif row.removing:
            continue  # the same key back before its removal ended: wait for it to end
        else:
            place.apply(row)
            row.version += 1
            log.info("instance moved", extra={"instance": key, "dnai": place.dnai})
        await advance(session, settings, nef, row)
        changed += 1
    for key, row in held.items():
        if key in wanted or row.removing:
            continue
        locked = await repo.steering_of(key, lock=True)
        if locked is None or locked.removing:
            continue
        locked.removing = True
        log.info("instance gone; removing its steering", extra={"instance": key})
        await advance(session, settings, nef, locked)
        changed += 1
    return changed


async def advance(
    session: AsyncSession, settings: Settings, nef: NefTarget, row: SteeringRow
) -> None:
    """Queue the next call of each resource of ``row`` that has none in flight; forget the row
    once it is removed at the NEF."""
    repo = NetworkRepository(session)
    for part in PARTS:
        if getattr(row, f"{part}_pending"):
            continue
        held_id = getattr(row, f"{part}_id")
        done = getattr(row, f"{part}_version")
        if row.removing:
            if held_id is not None:
                await _queue(session, settings, nef, row, part, "delete")
        elif held_id is None and done < row.version:
            await _queue(session, settings, nef, row, part, "create")
        elif held_id is not None and done < row.version:
            await _queue(session, settings, nef, row, part, "update")
    idle = not any(getattr(row, f"{p}_pending") or getattr(row, f"{p}_id") for p in PARTS)
    if row.removing and idle:
        await repo.delete(row)
        log.info("steering removed", extra={"instance": row.instance_key})
        return
    row.updated_at = utcnow()
    repo.add(row)
    await session.flush()


def _body(settings: Settings, row: SteeringRow, part: str) -> NefModel:
    if part == TI:
        return bodies.traffic_influence(settings, row)
    return bodies.eas_deployment(settings, row)


async def _queue(
    session: AsyncSession,
    settings: Settings,
    nef: NefTarget,
    row: SteeringRow,
    part: str,
    op: str,
) -> None:
    body: NefModel | None = None
    if op == "create":
        method, url, body = "POST", nef.url(_COLLECTION[part]), _body(settings, row, part)
    else:
        template, name = _ITEM[part]
        url = nef.url(template, **{name: str(getattr(row, f"{part}_id"))})
        method, body = ("PUT", _body(settings, row, part)) if op == "update" else ("DELETE", None)
    stamp = int(row.created_at.timestamp() * 1_000_000)
    await enqueue(
        session,
        kind=f"nef.{part}.{op}",
        method=method,
        url=url,
        body=body.wire() if body is not None else None,
        auth={"kind": NEF_AUTH},
        dedup_key=f"nef:{stamp}:{part}:{op}:{row.version}:{row.instance_key}",
        on_result=STEERING_RESULT,
        ordering_key=f"nef:{row.instance_key}:{part}",
    )
    setattr(row, f"{part}_pending", True)


def _parse(dedup_key: str | None) -> tuple[str, str, int, str] | None:
    """(part, op, version, instance key) of a steering message."""
    if dedup_key is None or not dedup_key.startswith("nef:"):
        return None
    _, _, part, op, version, key = dedup_key.split(":", 5)
    return part, op, int(version), key


async def apply_result(
    session: AsyncSession,
    settings: Settings,
    nef: NefTarget,
    message: OutboxMessage,
    outcome: Any,
) -> None:
    """Record what a steering call did at the NEF, then queue what is still missing."""
    parsed = _parse(message.dedup_key)
    if parsed is None:
        return
    part, op, version, key = parsed
    row = await NetworkRepository(session).steering_of(key, lock=True)
    if row is None:
        return
    setattr(row, f"{part}_pending", False)
    delivered = isinstance(outcome, httpx.Response) and outcome.is_success
    gone = status_of(outcome) == 404
    if delivered and op == "create":
        location = outcome.headers.get("Location") or outcome.json().get("self", "")
        setattr(row, f"{part}_id", paths.resource_id(location))
    if delivered and op != "delete":
        setattr(row, f"{part}_version", version)
        row.last_error = None
    elif op == "delete" or (op == "update" and gone):
        setattr(row, f"{part}_id", None)  # removed, already gone, or given up (logged below)
        setattr(row, f"{part}_version", 0)
    else:
        setattr(row, f"{part}_version", version)  # not retried until the instance changes
    if not delivered and not gone:
        row.last_error = f"{message.method} {part} answered: {describe(outcome)}"[:1000]
        log.warning(
            "NEF steering call failed",
            extra={"instance": key, "part": part, "op": op, "status": status_of(outcome)},
        )
    await advance(session, settings, nef, row)
