"""CAMARA Traffic Influence r1.3: an API consumer steers its application's traffic (of any user,
or of one device) to its instances on this OP's zones, backed by a traffic influence
subscription at the NEF (TS 29.522).

The instances are the consumer's READY NBI instances of ``appId`` on this OP's zones, narrowed by
``appInstanceId``, ``edgeCloudZoneId`` or ``edgeCloudRegion``; each gives one route (its zone's
DNAI, its address and port). The resource is ``ordered`` when accepted; the creation goes through
the outbox (a NEF that is down delays it) and its outcome makes it ``active`` (or ``error``). A
DELETE makes it ``deletion in progress`` and the NEF's deletion ``deleted`` (404 from then on;
the row is forgotten later, by :func:`forget_deleted`).
Each state change is told to ``subscriptionRequest.sink`` as a ``traffic-influence-change``
CloudEvent. Errors: 404 ``NOT_FOUND`` (unknown application or resource, or another consumer's),
``IDENTIFIER_NOT_FOUND``; 422 ``SERVICE_NOT_APPLICABLE`` (no READY instance matches),
``MISSING_IDENTIFIER``/``UNSUPPORTED_IDENTIFIER`` for the device route; 400 ``INVALID_ARGUMENT``.
A PATCH changes an ``active`` resource (409 ``DENIED_WAIT`` before): the NEF subscription is
replaced (PUT) with the new routes, and the resource is ``ordered`` until the NEF has them.
"""

from __future__ import annotations

import ipaddress
import logging
import uuid
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

import httpx
from sqlmodel.ext.asyncio.session import AsyncSession

from op_platform import roots
from op_platform.db.network_repository import NetworkRepository
from op_platform.db.tables.columns import utcnow
from op_platform.db.tables.network_rows import CamaraTrafficRow
from op_platform.errors import Conflict, InvalidInput, MissingIdentifier, NotFound, Unprocessable
from op_platform.models.nef import RouteInformation, RouteToLocation, TrafficInfluSub, paths
from op_platform.models.traffic_influence import (
    TRAFFIC_INFLUENCE_CHANGE,
    PostTrafficInfluenceDevice,
    TrafficInfluence,
)
from op_platform.outbox import OutboxMessage, enqueue
from op_platform.outbox.send import status_of
from op_platform.security.sealing import seal
from op_platform.services.network import sink_events, steering_bodies
from op_platform.services.network.nef_target import NEF_AUTH, NefTarget
from op_platform.services.network.qos_sessions import coded, device_of
from op_platform.services.url_acceptance import accept_url
from op_platform.settings import Settings

log = logging.getLogger(__name__)

RESULT = "camara.traffic-influence"
SINK_AUTH = "camara-ti-sink"
DELETING, DELETED = "deletion in progress", "deleted"
KEEP_DELETED = 360  # seconds a deleted resource is kept (answering 404) before it is forgotten


def view(row: CamaraTrafficRow) -> TrafficInfluence:
    return TrafficInfluence.model_validate(
        {**row.resource, "trafficInfluenceID": row.ti_id, "state": row.state}
    )


async def _emit(session: AsyncSession, settings: Settings, row: CamaraTrafficRow) -> None:
    if row.sink is None:
        return
    data: dict[str, Any] = {**view(row).wire(), "selected_appInstanceId": row.selected}
    data.pop("subscriptionRequest", None)
    await sink_events.send(
        session,
        sink=row.sink,
        kind="camara.traffic-influence-change",
        source=f"{settings.base_url}{roots.TRAFFIC_INFLUENCE}/traffic-influences/{row.ti_id}",
        event_type=TRAFFIC_INFLUENCE_CHANGE,
        data=data,
        auth={"kind": SINK_AUTH, "traffic": row.ti_id} if row.sink_token else None,
        ordering_key=f"camara-ti:{row.ti_id}",
    )


async def _become(
    session: AsyncSession, settings: Settings, row: CamaraTrafficRow, state: str
) -> None:
    if row.state == state:
        return
    row.state, row.updated_at = state, utcnow()
    NetworkRepository(session).add_camara_traffic(row)
    await session.flush()
    await _emit(session, settings, row)


def _target(body: PostTrafficInfluenceDevice) -> dict[str, Any]:
    """The UE member(s) of the NEF subscription: the device's identifier, or any UE."""
    if body.device is None:
        return {"any_ue_ind": True}
    name, _, key = device_of(body.device)
    value = key.split(":", 1)[1]
    if name == "phoneNumber":
        return {"gpsi": "msisdn-" + value.lstrip("+")}
    return {"ipv4_addr" if name == "ipv4Address" else "ipv6_addr": str(ipaddress.ip_address(value))}


async def _routes(
    repo: NetworkRepository, settings: Settings, owner: str, body: PostTrafficInfluenceDevice
) -> tuple[list[RouteToLocation], list[str]]:
    """One route per READY instance of the application that ``body`` selects, and their ids;
    422 ``SERVICE_NOT_APPLICABLE`` when none does."""
    routes, selected = [], []
    port = (
        body.destinationTrafficFilters.destinationPort if body.destinationTrafficFilters else None
    )
    for inst in await repo.ready_local_instances_of(owner, body.appId):
        if body.appInstanceId not in (None, inst.instance_id):
            continue
        if body.edgeCloudZoneId not in (None, inst.zone_uuid):
            continue
        if body.edgeCloudRegion not in (None, inst.region):
            continue
        key = f"nbi:{inst.instance_id}"
        place = steering_bodies.placement(settings, key, inst.app_id, inst.zone_id, inst.endpoints)
        if place is None:
            continue
        route = RouteInformation(ipv4_addr=place.ipv4, port_number=port or place.port)
        routes.append(RouteToLocation(dnai=place.dnai, route_info=route))
        selected.append(inst.instance_id)
    if not routes:
        raise coded(
            Unprocessable("No READY instance of the application matches on this OP's zones."),
            "SERVICE_NOT_APPLICABLE",
        )
    return routes, selected


def _subscription(
    settings: Settings, row: CamaraTrafficRow, target: dict[str, Any], routes: list[Any]
) -> Any:
    sub = TrafficInfluSub.model_validate(
        {"af_app_id": row.app_id, "af_trans_id": row.ti_id, "dnn": settings.nef.dnn, **target}
    )
    sub.traffic_routes = routes
    return sub.wire()


async def create(
    session: AsyncSession,
    settings: Settings,
    nef: NefTarget,
    owner: str,
    body: PostTrafficInfluenceDevice,
    *,
    for_device: bool,
) -> TrafficInfluence:
    if for_device and body.device is None:
        raise MissingIdentifier("The device cannot be identified.")
    target = _target(body)
    if body.subscriptionRequest is not None:
        accept_url(settings, body.subscriptionRequest.sink, "subscriptionRequest.sink")
    repo = NetworkRepository(session)
    if await repo.nbi_app(body.appId, owner) is None:
        raise NotFound(f"application {body.appId} is not found")
    routes, selected = await _routes(repo, settings, owner, body)
    row = CamaraTrafficRow(
        ti_id=str(uuid.uuid4()),
        owner=owner,
        app_id=body.appId,
        resource=body.wire(),
        selected=selected,
        sink=body.subscriptionRequest.sink if body.subscriptionRequest else None,
    )
    credential = body.subscriptionRequest.sinkCredential if body.subscriptionRequest else None
    if credential is not None:
        row.sink_token = seal(credential.accessToken, settings)
    repo.add_camara_traffic(row)
    await session.flush()
    await _queue(session, nef, row, "create", _subscription(settings, row, target, routes))
    return view(row)


async def _queue(
    session: AsyncSession, nef: NefTarget, row: CamaraTrafficRow, op: str, body: Any
) -> None:
    if op == "create":
        method, url = "POST", nef.url(paths.TRAFFIC_INFLUENCE_SUBS)
    else:
        method = "PUT" if op.startswith("update") else "DELETE"
        url = nef.url(paths.TRAFFIC_INFLUENCE_SUB, subscriptionId=str(row.nef_id))
    await enqueue(
        session,
        kind=f"nef.camara-ti.{op}",
        method=method,
        url=url,
        body=body,
        auth={"kind": NEF_AUTH},
        dedup_key=f"camara-ti:{row.ti_id}:{op}",
        on_result=RESULT,
        ordering_key=f"camara-ti:{row.ti_id}:nef",
    )


async def list_of(session: AsyncSession, owner: str, app_id: str | None) -> list[TrafficInfluence]:
    rows = await NetworkRepository(session).camara_traffic_of(owner, app_id)
    return [view(row) for row in rows if row.state != DELETED]


async def forget_deleted(session: AsyncSession) -> int:
    """Forget resources deleted more than :data:`KEEP_DELETED` seconds ago (their last event
    needed the sink credential they hold); how many."""
    before = utcnow() - timedelta(seconds=KEEP_DELETED)
    repo = NetworkRepository(session)
    gone = await repo.camara_traffic_deleted(DELETED, before)
    for row in gone:
        await repo.delete_camara_traffic(row)
    return len(gone)


async def owned(session: AsyncSession, owner: str, ti_id: str) -> CamaraTrafficRow:
    row = await NetworkRepository(session).camara_traffic(ti_id, lock=True)
    if row is None or row.owner != owner or row.state == DELETED:
        raise NotFound("The specified resource is not found.")
    return row


async def delete(
    session: AsyncSession, settings: Settings, nef: NefTarget, owner: str, ti_id: str
) -> TrafficInfluence:
    row = await owned(session, owner, ti_id)
    if row.state in (DELETING, DELETED):
        return view(row)
    created = row.state != "error" or row.nef_id is not None
    await _become(session, settings, row, DELETING)
    if row.nef_id is not None:
        await _queue(session, nef, row, "delete", None)
    elif not created:
        await _become(session, settings, row, DELETED)
    return view(row)  # a creation in flight: its outcome queues the deletion


async def patch(
    session: AsyncSession,
    settings: Settings,
    nef: NefTarget,
    owner: str,
    ti_id: str,
    body: PostTrafficInfluenceDevice,
) -> TrafficInfluence:
    """Change an ``active`` resource (409 ``DENIED_WAIT`` otherwise): its instances, filters
    and sink; its application and device stay (400 when the body changes them). The resource is
    ``ordered`` again until the NEF has the new routes."""
    row = await owned(session, owner, ti_id)
    if row.state != "active" or row.nef_id is None:
        raise coded(
            Conflict(f"the resource is {row.state!r}; it can be modified once 'active'"),
            "DENIED_WAIT",
        )
    stored = view(row)
    for name in ("appId", "device"):
        if getattr(body, name) != getattr(stored, name):
            raise InvalidInput(f"{name} cannot be modified", params=[(name, "cannot be modified")])
    if body.subscriptionRequest is not None:
        accept_url(settings, body.subscriptionRequest.sink, "subscriptionRequest.sink")
    routes, selected = await _routes(NetworkRepository(session), settings, owner, body)
    row.resource, row.selected = body.wire(), selected
    if body.subscriptionRequest is not None:
        row.sink = body.subscriptionRequest.sink
        credential = body.subscriptionRequest.sinkCredential
        row.sink_token = seal(credential.accessToken, settings) if credential else None
    await _become(session, settings, row, "ordered")
    target = _target(body)
    op = f"update.{uuid.uuid4().hex[:12]}"  # every change is its own message
    await _queue(session, nef, row, op, _subscription(settings, row, target, routes))
    return view(row)


async def apply_result(
    session: AsyncSession, settings: Settings, nef: NefTarget, message: OutboxMessage, outcome: Any
) -> None:
    """Record what the NEF did with a creation or a deletion."""
    ti_id, _, op = (message.dedup_key or "").removeprefix("camara-ti:").rpartition(":")
    row = await NetworkRepository(session).camara_traffic(ti_id, lock=True)
    if row is None:
        return
    delivered = isinstance(outcome, httpx.Response) and outcome.is_success
    if op.startswith("update"):
        if row.state == "ordered":
            await _become(session, settings, row, "active" if delivered else "error")
        return
    if op == "create":
        if delivered:
            row.nef_id = paths.resource_id(outcome.headers.get("Location", ""))
        if row.state == DELETING:
            if row.nef_id is not None:
                await _queue(session, nef, row, "delete", None)
                return
            await _become(session, settings, row, DELETED)
            return
        await _become(session, settings, row, "active" if delivered else "error")
        return
    if delivered or status_of(outcome) == 404:
        row.nef_id = None
        await _become(session, settings, row, DELETED)
        return
    log.warning("NEF refused to delete a traffic influence", extra={"ti": row.ti_id})
    await _become(session, settings, row, "error")


async def sink_credentials(
    session: AsyncSession, settings: Settings, ref: Mapping[str, Any]
) -> dict[str, str]:
    """Outbox auth resolver of :data:`SINK_AUTH`: the consumer's bearer token for its sink."""
    row = await NetworkRepository(session).camara_traffic(str(ref.get("traffic")))
    return sink_events.bearer(settings, row.sink_token if row else None, "this traffic influence")
