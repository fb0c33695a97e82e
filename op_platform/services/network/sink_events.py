"""CloudEvents to an API consumer's sink (CAMARA Quality-on-Demand, Traffic Influence), queued
in the outbox in the transaction of the change they announce. The consumer's bearer token stays
sealed with its resource; the outbox resolves ``auth`` to it when it sends (never in headers).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from op_platform.db.tables.columns import utcnow
from op_platform.errors import NotFound
from op_platform.outbox import enqueue
from op_platform.security.sealing import unseal
from op_platform.settings import Settings


async def send(
    session: AsyncSession,
    *,
    sink: str,
    kind: str,
    source: str,
    event_type: str,
    data: dict[str, Any],
    auth: Mapping[str, Any] | None,
    ordering_key: str,
) -> None:
    """Queue one structured-mode CloudEvent 1.0 to ``sink``."""
    event = {
        "id": str(uuid.uuid4()),
        "source": source,
        "type": event_type,
        "specversion": "1.0",
        "datacontenttype": "application/json",
        "time": utcnow().isoformat().replace("+00:00", "Z"),
        "data": data,
    }
    await enqueue(
        session,
        kind=kind,
        method="POST",
        url=sink,
        body=event,
        headers={"Content-Type": "application/cloudevents+json"},
        destination=f"sink:{sink}",
        auth=auth,
        ordering_key=ordering_key,
    )


def bearer(settings: Settings, sealed: str | None, what: str) -> dict[str, str]:
    """The ``Authorization`` header of a sealed sink token (404 when there is none)."""
    if sealed is None:
        raise NotFound(f"no sink credential for {what}")
    return {"Authorization": f"Bearer {unseal(sealed, settings)}"}
