"""Moving instances off a zone's nodes that failed or are predicted to: each goes to the usable
node with the most headroom that has room for it (:mod:`.placement`), or fails with the reason
when none is left. Partners hear of a failed instance through ``onInstanceStatusEvent``; an app
provider's own instance starts again on its new node (``instantiating``, then ``ready``) or
fails, and its sink hears each step as a CloudEvent."""

from __future__ import annotations

import logging

from sqlmodel.ext.asyncio.session import AsyncSession

from op_platform.db.federation_repository import FederationRepository
from op_platform.db.instance_repository import InstanceRepository
from op_platform.db.tables.columns import utcnow
from op_platform.db.zone_repository import EdgeNodeRepository
from op_platform.models.ewbi.enums import InstanceState
from op_platform.services.edge.placement import Site, load_site
from op_platform.services.instances import local_driver
from op_platform.services.instances import provider_events as events
from op_platform.services.instances.partner_instances import notify
from op_platform.services.zones.flavours import Resources
from op_platform.settings import Settings

log = logging.getLogger(__name__)

LIVE = (InstanceState.PENDING, InstanceState.READY)


def _no_node(zone_id: str, node_id: str | None) -> str:
    return (
        f"node {node_id} of zone {zone_id} failed or is predicted to fail, and no other "
        "healthy node of the zone has room for the instance"
    )


async def relocate(session: AsyncSession, settings: Settings, zone_id: str) -> tuple[int, int]:
    """Move the instances on nodes that are no longer usable; (moved, failed)."""
    site = await load_site(session, zone_id)
    if not site.nodes:
        return 0, 0
    moved = failed = 0
    repo = InstanceRepository(session)
    for inst in await repo.holding_capacity(zone_id):
        if inst.state not in LIVE or site.usable(inst.node_id):
            continue
        needs = Resources(inst.num_cpu, inst.memory_mb, inst.storage_gb)
        site.take(inst.node_id, needs, -1)
        target = site.choose(needs, away_from=inst.node_id)
        old = inst.node_id
        if target is not None:
            site.take(target.node_id, needs)
            inst.node_id = target.node_id
            moved += 1
        else:
            inst.state = InstanceState.FAILED
            inst.holds_capacity = False
            inst.failure_reason = _no_node(zone_id, old)
            inst.node_id = None
            failed += 1
        inst.updated_at = utcnow()
        repo.add(inst)
        log.info(
            "instance moved" if target else "instance failed: no node left",
            extra={"app_instance_id": inst.app_instance_id, "from": old, "zone": zone_id},
        )
        if target is None:
            fed = await FederationRepository(session).get(inst.federation_context_id)
            if fed is not None:
                await notify(session, fed, inst)
    m, f = await _relocate_provider_instances(session, settings, zone_id, site)
    return moved + m, failed + f


async def _relocate_provider_instances(
    session: AsyncSession, settings: Settings, zone_id: str, site: Site
) -> tuple[int, int]:
    """This OP's own NBI instances on the zone: restarted on another node, or failed."""
    moved = failed = 0
    for inst in await EdgeNodeRepository(session).nbi_instances_on(zone_id):
        if site.usable(inst.node_id):
            continue
        target = site.choose(Resources(), away_from=inst.node_id)
        old = inst.node_id
        if target is not None:
            inst.node_id = target.node_id
            local_driver.start(inst, settings)  # it starts again on the new node
            moved += 1
        else:
            inst.status = "failed"
            inst.status_reason = _no_node(zone_id, old)
            inst.due_at = None
            inst.node_id = None
            failed += 1
        inst.updated_at = utcnow()
        session.add(inst)
        await events.emit(session, inst)
    return moved, failed
