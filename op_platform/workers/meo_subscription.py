"""Keeping this OP subscribed to its MEO's package events (step 3 of the traditional flow and
the outcomes of the cross-network one arrive through it), retrying until the MEO answers."""

from __future__ import annotations

import asyncio
import logging

from op_platform import roots
from op_platform.errors import OpError
from op_platform.services.deps import Deps

log = logging.getLogger(__name__)


async def subscribe_to_meo(deps: Deps) -> None:
    callback = deps.settings.base_url + roots.MEO_NOTIFICATIONS
    while True:
        try:
            made = await deps.meo().ensure_subscription(callback)
        except OpError as exc:
            log.info("MEO subscription not possible yet", extra={"reason": exc.detail})
            await asyncio.sleep(deps.settings.flow.meo_subscribe_retry)
            continue
        log.info("subscribed to MEO package events", extra={"types": made})
        return
