"""Plugging the NBI into the outbox and the EWBI callback listeners, and running the local
instance driver. Registration happens at import time (an outbox message stores only the names of
its result handler and auth resolver, and may be delivered by another process later).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx
from aiohttp import web

from op_platform.api.periodic import periodic
from op_platform.errors import NotFound
from op_platform.keys import DATABASE, SETTINGS
from op_platform.outbox import OutboxMessage, register_auth_resolver, register_result_handler
from op_platform.services.ewbi.events import register_listener
from op_platform.services.nbi import events, instances, local, onboarding


async def _onboarding_result(app: web.Application, message: OutboxMessage, outcome: Any) -> None:
    async with app[DATABASE].transaction() as session:
        await onboarding.apply_result(session, message, outcome)


async def _sink_credentials(ref: Mapping[str, Any], app: web.Application) -> Mapping[str, str]:
    settings = app[SETTINGS]
    async with app[DATABASE].transaction() as session:
        if ref.get("deployment") is not None:
            token = await events.deployment_sink_token(session, str(ref["deployment"]))
        else:
            token = await instances.sink_token(session, settings, str(ref.get("instance")))
    if token is None:
        raise NotFound("no sink credential for this notification")
    return {"Authorization": f"Bearer {token}"}


async def _removal_result(app: web.Application, message: OutboxMessage, outcome: Any) -> None:
    delivered = isinstance(outcome, httpx.Response) and outcome.is_success
    async with app[DATABASE].transaction() as session:
        await instances.apply_removal(session, message, delivered)


async def _deletion_result(app: web.Application, message: OutboxMessage, outcome: Any) -> None:
    async with app[DATABASE].transaction() as session:
        await onboarding.retry_deletion(session, app[SETTINGS], message, outcome)


async def _install_result(app: web.Application, message: OutboxMessage, outcome: Any) -> None:
    async with app[DATABASE].transaction() as session:
        await instances.apply_install(session, app[SETTINGS], message, outcome)


register_result_handler(onboarding.ONBOARD_RESULT, _onboarding_result)
register_result_handler(instances.INSTALL_RESULT, _install_result)
register_result_handler(onboarding.DELETE_RESULT, _deletion_result)
register_result_handler(instances.REMOVAL_RESULT, _removal_result)
register_auth_resolver(instances.SINK_AUTH, _sink_credentials)
register_listener("application", onboarding.on_application_event)
register_listener("instance", instances.on_instance_event)


local_instances = periodic(
    "nbi local instance driver",
    local.advance_due,
    interval=lambda settings: settings.instances.poll_interval,
    enabled=lambda settings: settings.instances.enabled,
)
"""cleanup_ctx entry (after the database): moves local NBI instances when they are due."""
