"""What the running OP plugs together, all in one place: the outbox's credential resolvers and
result handlers, the listeners of callbacks received from partners, and the background workers.

Called once by :func:`op_platform.platform.open_platform`. An outbox message stores only the
names registered here (it may be delivered by another process later), so every name a service
enqueues with must be registered in this file.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import httpx
from sqlmodel.ext.asyncio.session import AsyncSession

from op_platform import roots
from op_platform.clients.outbound_tokens import TokenProvider
from op_platform.db.engine import Database
from op_platform.edge_metrics import EdgeCollector
from op_platform.outbox import OutboxMessage
from op_platform.platform import Platform
from op_platform.security.edge_events import event_token
from op_platform.services.applications import onboarding_driver
from op_platform.services.applications import provider_onboarding as nbi_onboarding
from op_platform.services.edge.watcher import SiteWatcher
from op_platform.services.federation import contexts as federation
from op_platform.services.federation.partner_outbox import PARTNER_AUTH
from op_platform.services.flow import notifications, origin
from op_platform.services.flow import partner_side as partner
from op_platform.services.instances import instance_jobs, pool_expiry
from op_platform.services.instances import local_driver as nbi_local
from op_platform.services.instances import provider_events as nbi_events
from op_platform.services.instances import provider_instances as nbi_instances
from op_platform.services.network import camara_traffic, qos_status, steering
from op_platform.services.network.nef_target import NEF_AUTH, nef_target
from op_platform.workers.loop import Worker
from op_platform.workers.meo_subscription import subscribe_to_meo


def wire(platform: Platform) -> None:
    _outbox(platform)
    _nef(platform)
    _listeners(platform)
    _workers(platform)
    _edge_sites(platform)


def _nef(platform: Platform) -> None:
    """The OP as an AF of its NEF: the token of its calls, the outcome of steering calls, the
    worker that keeps every edge instance steered, Quality-on-Demand's sink credentials and the
    worker that ends sessions at their duration (nothing without ``nef_url``)."""
    settings = platform.settings
    nef = nef_target(settings)  # ConfigError when the outbound policy refuses the NEF
    if nef is None:
        return
    tokens = platform.tokens

    async def nef_tokens(ref: Mapping[str, Any]) -> Any:
        return nef.tokens(tokens)

    platform.outbox_handlers.add_auth(NEF_AUTH, nef_tokens)
    platform.outbox_handlers.add_result(
        steering.STEERING_RESULT,
        lambda session, m, o: steering.apply_result(session, settings, nef, m, o),
    )
    database = platform.database

    async def qod_sink(ref: Mapping[str, Any]) -> Any:
        async with database.transaction() as session:
            return await qos_status.sink_credentials(session, settings, ref)

    async def traffic_sink(ref: Mapping[str, Any]) -> Any:
        async with database.transaction() as session:
            return await camara_traffic.sink_credentials(session, settings, ref)

    platform.outbox_handlers.add_auth(qos_status.SINK_AUTH, qod_sink)
    platform.outbox_handlers.add_auth(camara_traffic.SINK_AUTH, traffic_sink)
    platform.outbox_handlers.add_result(
        camara_traffic.RESULT,
        lambda session, m, o: camara_traffic.apply_result(session, settings, nef, m, o),
    )

    async def sessions_pass(session: AsyncSession) -> int:
        ended = await qos_status.end_due(session, settings, nef)
        return ended + await camara_traffic.forget_deleted(session)

    platform.workers["qod-sessions"] = Worker(
        "qod-sessions",
        _in_transaction(database, sessions_pass),
        settings.nef.session_check_interval,
    )
    if settings.nef.steering:
        platform.workers["nef-steering"] = Worker(
            "nef-steering",
            _in_transaction(platform.database, lambda s: steering.sync(s, settings, nef)),
            settings.nef.sync_interval,
        )


def _outbox(platform: Platform) -> None:
    deps = platform.deps
    settings = platform.settings
    handlers = platform.outbox_handlers

    async def partner_tokens(ref: Mapping[str, Any]) -> TokenProvider:
        return deps.tokens.for_partner(deps.partner(str(ref.get("id"))))

    async def removal_result(session: AsyncSession, message: OutboxMessage, outcome: Any) -> None:
        delivered = isinstance(outcome, httpx.Response) and outcome.is_success
        await nbi_instances.apply_removal(session, message, delivered)

    handlers.add_auth(PARTNER_AUTH, partner_tokens)
    handlers.add_auth(federation.CALLBACK_AUTH, lambda ref: federation.callback_tokens(deps, ref))
    handlers.add_auth(nbi_events.SINK_AUTH, lambda ref: nbi_instances.sink_credentials(deps, ref))
    handlers.add_result(
        partner.MEO_RESULT, lambda session, m, o: partner.meo_result(session, deps, m, o)
    )
    handlers.add_result(
        origin.FORWARD_RESULT, lambda session, m, o: origin.forward_result(session, deps, m, o)
    )
    handlers.add_result(nbi_onboarding.ONBOARD_RESULT, nbi_onboarding.apply_result)
    handlers.add_result(
        nbi_onboarding.DELETE_RESULT,
        lambda session, m, o: nbi_onboarding.retry_deletion(session, settings, m, o),
    )
    handlers.add_result(
        nbi_instances.INSTALL_RESULT,
        lambda session, m, o: nbi_instances.apply_install(session, settings, m, o),
    )
    handlers.add_result(nbi_instances.REMOVAL_RESULT, removal_result)


def _listeners(platform: Platform) -> None:
    listeners = platform.listeners
    listeners.add("application", notifications.partner_onboard_status)
    listeners.add("application", nbi_onboarding.on_application_event)
    listeners.add("instance", nbi_instances.on_instance_event)


def _in_transaction(
    database: Database, work: Callable[[AsyncSession], Awaitable[int]]
) -> Callable[[], Awaitable[int]]:
    async def run() -> int:
        async with database.transaction() as session:
            return await work(session)

    return run


GENERATIONS_POLL = 0.5  # seconds: a change on another replica is seen within this


async def _poll_generations(database: Database) -> int:
    await database.poll_generations()
    return 0


def _workers(platform: Platform) -> None:
    settings, database = platform.settings, platform.database
    workers = platform.workers
    workers["generations"] = Worker(
        "generations", lambda: _poll_generations(database), GENERATIONS_POLL
    )
    if settings.instances.enabled:
        workers["instance-jobs"] = Worker(
            "instance-jobs",
            lambda: instance_jobs.run_due(database, settings.operator_id),
            settings.instances.poll_interval,
        )
        workers["nbi-instances"] = Worker(
            "nbi-instances",
            _in_transaction(database, nbi_local.advance_due),
            settings.instances.poll_interval,
        )
        workers["pool-expiry"] = Worker(
            "pool-expiry",
            _in_transaction(database, pool_expiry.end_reservations),
            settings.instances.pool_check_interval,
        )
    if settings.onboarding.enabled:
        workers["onboarding"] = Worker(
            "onboarding",
            lambda: onboarding_driver.advance_due(
                database, platform.storage, settings.onboarding.prepare_seconds
            ),
            settings.onboarding.poll_interval,
        )
    if settings.meo_url is not None:
        platform.background(lambda: subscribe_to_meo(platform.deps), "meo-subscription")


def _edge_sites(platform: Platform) -> None:
    """One watcher (and its worker) per zone that names an edge site, all gateways sharing
    ``platform.redfish``; events come back to ``roots.EDGE_EVENTS``."""
    settings = platform.settings
    if platform.redfish is None:  # no zone on an edge site: DMTF's library is never loaded
        return
    from op_platform.clients.redfish import RedfishGateway

    if len(platform.edge) == 0:
        platform.metrics.registry.register(EdgeCollector(lambda: platform.edge))
    for zone in settings.zones:
        site = zone.edge_site
        if site is None:
            continue
        gateway = RedfishGateway(
            str(site.url),
            site.username,
            site.password.get_secret_value(),
            session=platform.redfish,
            cafile=str(site.ca_file) if site.ca_file else None,
            timeout=settings.edge.timeout,
            concurrency=settings.edge.requests_per_site,
        )
        watcher = SiteWatcher(
            zone.zone_id,
            site,
            gateway,
            platform.database,
            settings,
            receiver_url=f"{settings.edge_receiver_url}{roots.EDGE_EVENTS}/sites/{zone.zone_id}"
            "/events",
            token=event_token(settings, zone.zone_id),
        )
        worker = platform.edge.add(watcher)
        platform.workers[worker.name] = worker
