"""Recording flows: get-or-create an operation per package and target, append hops.

Step numbers follow the federated onboarding flow (DESIGN.md section 3): 1 OSS->MEO, 2 MEO local
onboarding, 3 MEO->OP, 4 OP->partner OP, 5 partner OP->its MEO, 6 MEO reply, 7 partner OP reply,
8 OP->MEO reply, 9 MEO->OSS reply. Each OP records the steps it takes part in.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from op_platform.clients import call_context as context
from op_platform.db.flow_repository import FlowRepository
from op_platform.db.tables.columns import utcnow
from op_platform.db.tables.flow_rows import FlowHopRow, FlowOperationRow
from op_platform.db.tables.outbox_rows import OutboxMessage
from op_platform.errors import NotFound
from op_platform.models.ewbi.variant import CreateAppPkg
from op_platform.services.identifiers import package_key

ORIGIN = "origin"
PARTNER = "partner"

RECEIVED = "RECEIVED"
FORWARDING = "FORWARDING"  # the next hop did not answer yet; the outbox retries
PENDING = "PENDING"  # the next hop accepted; its outcome arrives as a notification
ONBOARDED = "ONBOARDED"
FAILED = "FAILED"
FINAL = {ONBOARDED, FAILED}
PACKAGE_TOKEN = "packageToken"  # in ``result``: a secret, never rendered (see package_source)


@dataclass
class Opened:
    operation: FlowOperationRow
    created: bool


async def open_operation(
    session: AsyncSession,
    role: str,
    body: CreateAppPkg,
    target: str,
    app_type: str,
    operator_id: str,
) -> Opened:
    """The operation for this package and target, created on first sight. A new one is
    written at the session's next flush, together with whatever the caller sets on it first
    (one INSERT rather than an INSERT and an UPDATE)."""
    repo = FlowRepository(session)
    key = package_key(
        body.appPkgName, body.appPkgVersion, body.appProvider, body.checksum.hash, target
    )
    existing = await repo.by_package(role, key, lock=True)
    if existing is not None:
        return Opened(existing, False)
    row = FlowOperationRow(
        id=str(uuid.uuid4()),
        role=role,
        app_type=app_type,
        target_network_id=target,
        package_key=key,
        app_pkg_name=body.appPkgName,
        app_pkg_version=body.appPkgVersion,
        app_provider=body.appProvider,
        checksum_hash=body.checksum.hash,
        request_body=body.model_dump(mode="json", exclude_none=True),
        correlator=context.correlator.get(),
        traceparent=context.traceparent.get(),
        result={"operator": operator_id},
    )
    repo.add(row)
    return Opened(row, True)


async def add_hop(
    session: AsyncSession,
    operation: FlowOperationRow,
    step: int,
    source: str,
    target: str,
    action: str,
    *,
    status_code: int | None = None,
    started_at: datetime | None = None,
    finished_at: datetime | None = None,
    detail: str | None = None,
) -> FlowHopRow:
    started = started_at or utcnow()
    finished = finished_at or utcnow()
    hop = FlowHopRow(
        operation_id=operation.id,
        step=step,
        source=source,
        target=target,
        action=action,
        status_code=status_code,
        started_at=started,
        finished_at=finished,
        duration_ms=round((finished - started).total_seconds() * 1000, 2),
        detail=detail,
    )
    FlowRepository(session).add(hop)
    return hop


async def locked(session: AsyncSession, operation_id: str) -> FlowOperationRow:
    """The operation, its row locked until the transaction ends: every change of a flow's
    state reads it this way, so two outcomes arriving together apply one after the other."""
    operation = await FlowRepository(session).get(operation_id, lock=True)
    if operation is None:
        raise NotFound(f"no operation {operation_id}")
    return operation


async def locked_for(session: AsyncSession, message: OutboxMessage) -> FlowOperationRow:
    """The operation a queued call of its flow was sent for (the message's dedup key is
    ``flow:<operation id>:...``), locked as :func:`locked` does."""
    return await locked(session, (message.dedup_key or "").split(":")[1])


def operator_of(operation: FlowOperationRow) -> str:
    """The id of the OP that recorded the operation."""
    return str(operation.result.get("operator") or "op")


def meo_of(operator_id: str) -> str:
    """How hops name an OP's own MEO."""
    return f"meo-{operator_id}"


def set_state(operation: FlowOperationRow, state: str, detail: str | None = None) -> bool:
    """Move the operation forward. States only move forward: once ONBOARDED or FAILED, a late
    or repeated answer (a PENDING reply read before the outcome arrived) changes nothing. The
    callers read the row locked (``FlowRepository.get(..., lock=True)``), so what they compare
    is the committed state. A retry after a failure starts over with ``reopen``."""
    if operation.state in FINAL and state not in FINAL:
        return False
    operation.state = state
    operation.detail = detail
    operation.updated_at = utcnow()
    return True


def reopen(operation: FlowOperationRow) -> None:
    """A retry of a failed operation: it runs again from RECEIVED."""
    operation.state = RECEIVED
    operation.detail = None
    operation.updated_at = utcnow()


def _time(value: datetime | None) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value is not None else None


def render(operation: FlowOperationRow, hops: list[FlowHopRow]) -> dict[str, Any]:
    return {
        "operationId": operation.id,
        "role": operation.role,
        "appType": operation.app_type,
        "targetNetworkId": operation.target_network_id,
        "package": {
            "appPkgName": operation.app_pkg_name,
            "appPkgVersion": operation.app_pkg_version,
            "appProvider": operation.app_provider,
            "checksum": operation.checksum_hash,
        },
        "state": operation.state,
        "detail": operation.detail,
        "partnerId": operation.partner_id,
        "federationContextId": operation.federation_context_id,
        "mode": operation.mode,
        "remoteAppId": operation.remote_app_id,
        "remoteOperationId": operation.remote_operation_id,
        "meoAppPkgId": operation.meo_app_pkg_id,
        "correlator": operation.correlator,
        "traceparent": operation.traceparent,
        "result": {k: v for k, v in operation.result.items() if k != PACKAGE_TOKEN},
        "createdAt": _time(operation.created_at),
        "updatedAt": _time(operation.updated_at),
        "hops": [
            {
                "step": hop.step,
                "from": hop.source,
                "to": hop.target,
                "action": hop.action,
                "statusCode": hop.status_code,
                "durationMs": hop.duration_ms,
                "startedAt": _time(hop.started_at),
                "finishedAt": _time(hop.finished_at),
                "detail": hop.detail,
            }
            for hop in hops
        ],
    }


async def view(session: AsyncSession, operation_id: str) -> dict[str, Any]:
    repo = FlowRepository(session)
    operation = await repo.get(operation_id)
    if operation is None:
        raise NotFound(f"no operation {operation_id}")
    return render(operation, list(await repo.hops(operation_id)))


async def list_views(
    session: AsyncSession, *, correlator: str | None = None, limit: int = 100
) -> list[dict[str, Any]]:
    repo = FlowRepository(session)
    return [
        render(op, list(await repo.hops(op.id)))
        for op in await repo.list(correlator=correlator, limit=limit)
    ]
