"""Finding a federation context on behalf of a caller.

A federation context belongs to the client that created it. Every EWBI operation under
``/{federationContextId}/...`` starts with :func:`owned_federation`: an unknown context and a
context owned by another client look the same (404), so a partner never learns that another
partner's federation exists.
"""

from __future__ import annotations

from sqlmodel.ext.asyncio.session import AsyncSession

from op_platform.db.federation_repository import FederationRepository
from op_platform.db.tables import FederationRow
from op_platform.errors import NotFound


def context_not_found(federation_context_id: str) -> NotFound:
    return NotFound(
        f"federation context {federation_context_id!r} not found",
        cause="FEDERATION_CONTEXT_NOT_FOUND",
    )


async def owned_federation(
    session: AsyncSession, federation_context_id: str, client_id: str
) -> FederationRow:
    """The federation ``federation_context_id`` if ``client_id`` owns it; NotFound otherwise."""
    row = await FederationRepository(session).get(federation_context_id)
    if row is None or row.client_id != client_id:
        raise context_not_found(federation_context_id)
    return row
