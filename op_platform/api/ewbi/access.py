"""The federation context of an EWBI path, on behalf of the caller (404 when not theirs)."""

from __future__ import annotations

from aiohttp import web
from sqlmodel.ext.asyncio.session import AsyncSession

from op_platform.api.context import session
from op_platform.api.principal import principal
from op_platform.db.tables import FederationRow
from op_platform.services.federation.ownership import owned_federation


async def owned_context(request: web.Request) -> tuple[AsyncSession, FederationRow]:
    """The request's session and the federation of the path, if the caller owns it."""
    db = await session(request)
    federation = await owned_federation(
        db, request.match_info["federationContextId"], principal(request).client_id
    )
    return db, federation
