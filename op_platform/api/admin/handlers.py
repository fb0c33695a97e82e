"""Admin handlers: the outbox, federations this OP creates (originating side), flow
operations, and the roaming device registry.

POST   /admin/federations                {"partnerId": "op-b", "subscribeZones": true}
GET    /admin/federations[?partnerId=]
GET    /admin/federations/{ref}          ref: record id, partner federationContextId or partner id
DELETE /admin/federations/{ref}
POST   /admin/federations/{ref}/zones    subscribe to every zone the partner offers
GET    /admin/operations[?correlator=&limit=], /admin/operations/{operationId}
GET    /admin/outbox[?status=&kind=&limit=], /admin/outbox/{id}, POST /admin/outbox/{id}/retry
POST   /admin/devices {deviceId, authToken, homeFederation?}  (201 new, 200 replaced; the token
       is stored hashed and never echoed), DELETE /admin/devices/{deviceId}
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from aiohttp import web
from pydantic import BaseModel, ConfigDict, Field

from op_platform.api.body import json_response, parse_body, parse_params
from op_platform.api.context import UNIT, platform, session
from op_platform.db.tables.outbox_rows import DEAD, PENDING, STATUSES
from op_platform.errors import Conflict, InvalidInput, NotFound
from op_platform.models.ewbi.ids import AuthorizationToken, DeviceId, FederationContextId
from op_platform.outbox.repository import OutboxRepository
from op_platform.outbox.views import message_view
from op_platform.services.discovery import roaming_devices as roaming
from op_platform.services.edge.site_state import site_view
from op_platform.services.federation import partners
from op_platform.services.flow import records as record

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000


# -- outbox ------------------------------------------------------------


def _limit(raw: str | None) -> int:
    if raw is None:
        return DEFAULT_LIMIT
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if not 1 <= value <= MAX_LIMIT:
        raise InvalidInput("invalid limit", params=[("limit", f"an integer from 1 to {MAX_LIMIT}")])
    return value


async def list_messages(request: web.Request) -> web.Response:
    status = request.query.get("status")
    if status is not None and status not in STATUSES:
        raise InvalidInput("invalid status", params=[("status", f"one of {', '.join(STATUSES)}")])
    kind = request.query.get("kind") or None
    limit = _limit(request.query.get("limit"))
    repository = OutboxRepository(await session(request))
    messages = await repository.list(status=status, kind=kind, limit=limit)
    counts = await repository.counts(kind=kind)
    return web.json_response(
        {"counts": counts, "messages": [message_view(message) for message in messages]}
    )


async def get_message(request: web.Request) -> web.Response:
    message_id = request.match_info["messageId"]
    message = await OutboxRepository(await session(request)).get(message_id)
    if message is None:
        raise NotFound(f"no outbox message {message_id}")
    return web.json_response(message_view(message, full=True))


async def retry_message(request: web.Request) -> web.Response:
    message_id = request.match_info["messageId"]
    repository = OutboxRepository(await session(request))
    message = await repository.get(message_id)
    if message is None:
        raise NotFound(f"no outbox message {message_id}")
    if message.status not in (DEAD, PENDING):
        raise Conflict(
            f"outbox message {message_id} is {message.status}; only dead or pending "
            "messages can be retried",
            cause="not_retryable",
        )
    message = await repository.retry_now(message)
    request[UNIT].after_commit(platform(request).outbox.wake)
    return web.json_response(message_view(message, full=True), status=202)


# -- federations with partners ------------------------------------------------------------


class CreateRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    partner_id: str = Field(alias="partnerId", min_length=1)
    subscribe_zones: bool = Field(default=False, alias="subscribeZones")


async def create(request: web.Request) -> web.Response:
    body = await parse_body(request, CreateRequest)
    row = await partners.create_federation(platform(request).deps, body.partner_id)
    if body.subscribe_zones:
        row = await partners.subscribe_all(platform(request).deps, row.id)
    return json_response(row.model_dump(mode="json"), 201)


async def list_all(request: web.Request) -> web.Response:
    rows = await partners.list_federations(await session(request), request.query.get("partnerId"))
    return json_response([_wire(row) for row in rows])


def _wire(row: BaseModel) -> dict[str, Any]:
    """A row as JSON; timestamps in RFC 3339 with their zone (SQLite gives them back naive,
    in UTC)."""
    data: dict[str, Any] = row.model_dump(mode="json")
    for name, value in row.model_dump().items():
        if isinstance(value, datetime):
            data[name] = (value if value.tzinfo else value.replace(tzinfo=UTC)).isoformat()
    return data


async def show(request: web.Request) -> web.Response:
    data = await partners.show(await session(request), request.match_info["ref"])
    return json_response(data)


async def delete(request: web.Request) -> web.Response:
    await partners.delete_federation(platform(request).deps, request.match_info["ref"])
    return web.Response(status=204)


async def subscribe(request: web.Request) -> web.Response:
    row = await partners.subscribe_all(platform(request).deps, request.match_info["ref"])
    return json_response(row.model_dump(mode="json"))


# -- flow operations ------------------------------------------------------------


class ListQuery(BaseModel):
    correlator: str | None = Field(default=None, max_length=256)
    limit: int = Field(default=100, ge=1, le=1000)


async def list_operations(request: web.Request) -> web.Response:
    query = parse_params(request.query, ListQuery)
    views = await record.list_views(
        await session(request), correlator=query.correlator, limit=query.limit
    )
    return json_response(views)


async def get_operation(request: web.Request) -> web.Response:
    view = await record.view(await session(request), request.match_info["operationId"])
    return json_response(view)


# -- roaming devices ------------------------------------------------------------


class DeviceRegistration(BaseModel):
    model_config = ConfigDict(extra="forbid")

    deviceId: DeviceId
    authToken: AuthorizationToken
    homeFederation: FederationContextId | None = None


class DevicePath(BaseModel):
    deviceId: DeviceId


async def register_device(request: web.Request) -> web.Response:
    body = await parse_body(request, DeviceRegistration)
    done = await roaming.register_device(
        await session(request), body.deviceId, body.authToken, body.homeFederation
    )
    answer = {"deviceId": done.device_id, "homeFederation": done.home_federation}
    return json_response(answer, status=201 if done.created else 200)


async def remove_device(request: web.Request) -> web.Response:
    path = parse_params(request.match_info, DevicePath, "path")
    await roaming.remove_device(await session(request), path.deviceId)
    return web.Response(status=204)


async def list_edge_sites(request: web.Request) -> web.Response:
    """Every watched edge site: its zone, its nodes as last judged, and how it is read."""
    running = platform(request)
    db = await session(request)
    found = []
    for watcher in running.edge:
        view = await site_view(db, watcher.zone_id)
        status = watcher.status
        view["gateway"] = {
            "url": str(watcher.site.url),
            "reachable": status.reachable,
            "subscribed": watcher.subscription is not None,
            "polls": status.polls,
            "eventReads": status.event_reads,
            "eventsReceived": status.events_received,
            "lastError": status.last_error,
        }
        found.append(view)
    return json_response(found)
