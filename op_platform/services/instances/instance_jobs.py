"""The instance lifecycle: applies due ``instance_job`` rows (deploy, terminate).

Each job is applied in its own transaction, which first deletes the job row and goes on only if
it was the one to delete it: with several replicas (or a restart in the middle) a transition
happens once. The state change and its ``onInstanceStatusEvent`` commit together, and the
callback carries a dedup key per (instance, state), so a partner hears each state once.
"""

from __future__ import annotations

import logging

from sqlmodel.ext.asyncio.session import AsyncSession

from op_platform.db.engine import Database
from op_platform.db.federation_repository import FederationRepository
from op_platform.db.instance_repository import InstanceRepository, JobRepository
from op_platform.db.tables.columns import utcnow
from op_platform.db.tables.instance_rows import DEPLOY, TERMINATE, InstanceJobRow
from op_platform.models.ewbi.enums import InstanceState
from op_platform.services.applications import app_lookup as applications
from op_platform.services.instances.partner_instances import access_points, notify

log = logging.getLogger(__name__)

BATCH = 50


async def apply_job(session: AsyncSession, job: InstanceJobRow, operator_id: str) -> None:
    """Make the transition ``job`` stands for, if the instance is still in the state it expects."""
    repo = InstanceRepository(session)
    inst = await repo.by_row_id(job.instance_row_id)
    if inst is None:
        return
    fed = await FederationRepository(session).get(inst.federation_context_id)
    if job.action == TERMINATE and inst.state == InstanceState.TERMINATING:
        await repo.remove(inst)
        log.info("instance terminated", extra={"app_instance_id": inst.app_instance_id})
        return
    if job.action != DEPLOY or inst.state != InstanceState.PENDING or fed is None:
        return
    if inst.failure_reason:
        inst.state = InstanceState.FAILED
        inst.holds_capacity = False
    else:
        app = await applications.find_app(session, inst.federation_context_id, inst.app_id)
        inst.access_points = (
            [] if app is None else await access_points(session, app, inst, operator_id)
        )
        inst.state = InstanceState.READY
    inst.updated_at = utcnow()
    repo.add(inst)
    await session.flush()
    await notify(session, fed, inst)
    log.info(
        "instance state changed",
        extra={"app_instance_id": inst.app_instance_id, "state": inst.state},
    )


async def run_due(database: Database, operator_id: str) -> int:
    """Apply every due job once (each in its own transaction); how many were applied."""
    async with database.transaction() as session:
        due = await JobRepository(session).due(utcnow(), BATCH, skip_locked=False)
        ids = [job.id for job in due]
    done = 0
    for job_id in ids:
        try:
            async with database.transaction() as session:
                job = await session.get(InstanceJobRow, job_id)
                if job is None or not await JobRepository(session).take(job_id):
                    continue
                await apply_job(session, job, operator_id)
            done += 1
        except Exception:
            log.exception("instance job failed; retrying later", extra={"job_id": job_id})
    return done
