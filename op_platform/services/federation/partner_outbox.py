"""Queueing an EWBI call to a configured partner in the outbox, inside the caller's transaction.

Calls to one partner share the destination ``partner:<id>`` (its circuit breaker) and are
authenticated at send time with the partner's client credentials (auth kind ``partner``,
resolved in ``op_platform.wiring``). The request is the same :class:`EwbiCall` that
``EwbiClient.send`` would make now.
"""

from __future__ import annotations

from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from op_platform.clients.ewbi.calls import EwbiCall
from op_platform.clients.ewbi.ewbi_client import queued
from op_platform.db.tables.outbox_rows import OutboxMessage
from op_platform.outbox import enqueue
from op_platform.services.deps import configured_partner
from op_platform.settings import Settings

PARTNER_AUTH = "partner"  # {"kind": "partner", "id": <configured partner id>}


def destination(partner_id: str) -> str:
    return f"partner:{partner_id}"


async def queue_call(
    session: AsyncSession,
    settings: Settings,
    partner_id: str,
    call: EwbiCall[Any],
    *,
    kind: str,
    dedup_key: str,
    ordering_key: str,
    on_result: str | None = None,
) -> OutboxMessage:
    """Queue ``call`` to ``partner_id``; the message's kind is ``kind + operationId``; calls
    with the same ``ordering_key`` (the resource they act on) go in the order queued."""
    return await enqueue(
        session,
        kind=kind + call.operation,
        **queued(configured_partner(settings, partner_id), call),
        auth={"kind": PARTNER_AUTH, "id": partner_id},
        destination=destination(partner_id),
        dedup_key=dedup_key,
        on_result=on_result,
        ordering_key=ordering_key,
    )
