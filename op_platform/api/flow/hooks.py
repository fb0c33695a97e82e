"""Plugging the flow into the outbox and the EWBI callbacks, and keeping the MEO subscription.

Imported by ``create_app``: registration happens at import time, because an outbox message stores
only the name of its result handler and may be delivered by another process later.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Mapping
from typing import Any

from aiohttp import web

from op_platform.clients.tokens import TokenProvider
from op_platform.errors import NotFound, OpError
from op_platform.keys import DATABASE, HTTP, SETTINGS, TOKENS
from op_platform.outbox import OutboxMessage, register_auth_resolver, register_result_handler
from op_platform.services.flow import origin, partner
from op_platform.services.flow.deps import MEO_NOTIFICATIONS, FlowDeps

log = logging.getLogger(__name__)


def deps_of(app: web.Application) -> FlowDeps:
    return FlowDeps(app[DATABASE], app[HTTP], app[SETTINGS], app[TOKENS])


def request_deps(request: web.Request) -> FlowDeps:
    config = request.config_dict
    return FlowDeps(config[DATABASE], config[HTTP], config[SETTINGS], config[TOKENS])


async def _partner_tokens(ref: Mapping[str, Any], app: web.Application) -> TokenProvider:
    settings = app[SETTINGS]
    for candidate in settings.partners:
        if candidate.id == ref.get("id"):
            return app[TOKENS].for_partner(candidate)
    raise NotFound(f"partner {ref.get('id')!r} is not configured")


async def _partner_meo_result(app: web.Application, message: OutboxMessage, outcome: Any) -> None:
    await partner.meo_result(deps_of(app), message, outcome)


async def _origin_forward_result(
    app: web.Application, message: OutboxMessage, outcome: Any
) -> None:
    await origin.forward_result(deps_of(app), message, outcome)


register_auth_resolver("partner", _partner_tokens)
register_result_handler(partner.MEO_RESULT, _partner_meo_result)
register_result_handler(origin.FORWARD_RESULT, _origin_forward_result)


async def meo_subscription(app: web.Application) -> AsyncIterator[None]:
    """Subscribe this OP to its MEO's package events, retrying until the MEO answers."""
    settings = app[SETTINGS]
    task: asyncio.Task[None] | None = None
    if settings.meo_url is not None:
        task = asyncio.create_task(_subscribe(app), name="meo-subscription")
    yield
    if task is not None:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def _subscribe(app: web.Application) -> None:
    deps = deps_of(app)
    callback = deps.settings.base_url + MEO_NOTIFICATIONS
    while True:
        try:
            made = await deps.meo().ensure_subscription(callback)
        except OpError as exc:
            log.info("MEO subscription not possible yet", extra={"reason": exc.detail})
            await asyncio.sleep(deps.settings.flow.meo_subscribe_retry)
            continue
        log.info("subscribed to MEO package events", extra={"types": made})
        return
