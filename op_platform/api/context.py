"""What a handler reaches from its request: the running OP, and the request's one transaction.

The root middleware (``api.middleware.request_middleware``) gives every request a unit whose
session opens on first use and commits once after the handler returned (rolled back when it
raised). Handlers call ``await session(request)`` and never open a transaction themselves;
service entry points that must talk to peers between steps (the flow, federation set-up) take
``platform(request).deps`` and own their transactions instead.
"""

from __future__ import annotations

from aiohttp import web
from sqlmodel.ext.asyncio.session import AsyncSession

from op_platform.db.engine import UnitOfWork
from op_platform.keys import PLATFORM
from op_platform.platform import Platform

UNIT = web.RequestKey("unit", UnitOfWork)
RUNNING = web.RequestKey("running", Platform)


def platform(request: web.Request) -> Platform:
    """The running OP: set on the request by the root middleware (a dictionary read), else
    looked up through the applications (``config_dict`` chains them on every call)."""
    try:
        return request[RUNNING]
    except KeyError:
        return request.config_dict[PLATFORM]


async def session(request: web.Request) -> AsyncSession:
    """The request's session, in its one transaction (begun on first use)."""
    return await request[UNIT].session()


def wake_after_commit(request: web.Request, worker: str) -> None:
    """Wake a background worker of the OP once the request's transaction committed."""
    request[UNIT].after_commit(lambda: platform(request).wake(worker))
