"""The outbox at a glance: how many messages are in each status, and the latest ones that are
being retried (pending after a failed attempt) or dead."""

from __future__ import annotations

from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from op_platform.outbox import DEAD, PENDING
from op_platform.outbox.repository import OutboxRepository
from op_platform.outbox.views import message_view

RECENT = 10
SCAN = 200


async def outbox_summary(session: AsyncSession) -> dict[str, Any]:
    repository = OutboxRepository(session)
    pending = await repository.list(status=PENDING, limit=SCAN)
    retrying = [message for message in pending if message.attempts > 0][:RECENT]
    return {
        "counts": await repository.counts(),
        "retrying": [message_view(message) for message in retrying],
        "dead": [
            message_view(message) for message in await repository.list(status=DEAD, limit=RECENT)
        ],
    }
