"""How outcomes travel back: MEO events at each OP, the EWBI status callback between OPs, and
the report to the originating MEO.

- Partner OP (OP2): its MEO reports ``AppPackageOnBoarded`` / ``AppPackageOnboardingFailed``;
  the operation becomes ONBOARDED / FAILED and ``onApplicationOnboardStatusEvent`` is queued to
  the originating OP (step 7 of the flow, as a notification).
- Originating OP (OP1): the partner's ``onApplicationOnboardStatusEvent`` updates the operation
  and the outcome is queued to its MEO's ``user_defined_notification`` (step 8); the MEO tells
  its OSS (step 9).
- A traditional package onboarded by the OP's own MEO is recorded as a ``local`` operation
  (step 3 of the traditional flow: the OP learns the app and its type).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from op_platform.db.federation_repository import FederationRepository
from op_platform.db.flow_repository import FlowRepository
from op_platform.db.tables.flow_rows import FlowOperationRow
from op_platform.db.zone_repository import ZoneRepository
from op_platform.models.ewbi.callbacks import ApplicationOnboardStatusEvent
from op_platform.models.ewbi.variant import Checksum, CreateAppPkg
from op_platform.models.meo import AppPkgInfo, AppPkgNotification
from op_platform.outbox import enqueue
from op_platform.services.deps import Deps
from op_platform.services.federation.contexts import callback_auth
from op_platform.services.federation.received_callbacks import ReceivedEvent
from op_platform.services.flow import records as record

LOCAL = "local"
ONBOARDED_EVENT = "AppPackageOnBoarded"
FAILED_EVENT = "AppPackageOnboardingFailed"
OPERATION_KEY = "x-opOperationId"
EVENT_KIND = "ewbi.onApplicationOnboardStatusEvent"


async def report_to_origin(session: AsyncSession, deps: Deps, operation: FlowOperationRow) -> None:
    """Partner side: tell the originating OP the outcome (once per final state)."""
    if operation.role != record.PARTNER or operation.state not in record.FINAL:
        return
    if not operation.status_link or not operation.federation_context_id:
        return
    auth, zones = await _origin_facts(session, deps, operation.federation_context_id)
    status = "ONBOARDED" if operation.state == record.ONBOARDED else "FAILED"
    body = {
        "federationContextId": operation.federation_context_id,
        "appId": operation.remote_app_id,
        "statusInfo": [{"zoneId": zone, "onboardStatusInfo": status} for zone in zones],
    }
    if operation.detail:
        body["x-detail"] = operation.detail
    sent = Notice(EVENT_KIND, operation.status_link, "status", status, body, auth)
    await _notify(session, operation, sent, 7, deps.me, operation.partner_id or "partner")


async def _origin_facts(
    session: AsyncSession, deps: Deps, federation_context_id: str
) -> tuple[dict[str, Any] | None, list[str]]:
    """The callback auth of the federation and this OP's zone ids, for a status callback: kept
    in the read cache until the federation or zone table changes (the flows that call this
    change neither in their transaction, so nothing uncommitted is kept)."""

    async def load() -> tuple[dict[str, Any] | None, tuple[str, ...]]:
        federation = await FederationRepository(session).get(federation_context_id)
        zones = tuple(z.zone_id for z in await ZoneRepository(session).list())
        return (callback_auth(federation) if federation is not None else None), zones

    key = ("flow-status-callback", federation_context_id)
    reads = deps.reads
    auth, zones = (
        await reads.get(key, ["federation", "zone"], load) if reads is not None else await load()
    )
    return (dict(auth) if auth is not None else None), list(zones)


async def report_to_meo(session: AsyncSession, operation: FlowOperationRow) -> None:
    """Origin side: tell the originating MEO the remote outcome (step 8)."""
    if operation.role != record.ORIGIN or not operation.status_link:
        return
    if not operation.meo_app_pkg_id:
        return
    if operation.state in record.FINAL:
        remote_state = operation.state
    else:
        return
    body: dict[str, Any] = {
        "appPkgId": operation.meo_app_pkg_id,
        "remoteNetworkId": operation.target_network_id,
        "remoteState": remote_state,
    }
    if operation.detail:
        body["detail"] = operation.detail
    me = record.operator_of(operation)
    sent = Notice("flow.meo.report", operation.status_link, "report", remote_state, body)
    await _notify(session, operation, sent, 8, me, record.meo_of(me))


@dataclass(frozen=True)
class Notice:
    """An outcome sent to the operation's ``status_link`` (``url``): its outbox kind, what it
    tells (``status`` or ``report``, once per state), the state, the body and the auth to use."""

    kind: str
    url: str
    what: str
    state: str
    body: dict[str, Any]
    auth: Mapping[str, Any] | None = None


async def _notify(
    session: AsyncSession, operation: FlowOperationRow, notice: Notice, step: int, me: str, to: str
) -> None:
    """Queue the notice, in order with the flow's other messages, and record it as hop ``step``."""
    await enqueue(
        session,
        kind=notice.kind,
        method="POST",
        url=notice.url,
        body=notice.body,
        auth=notice.auth,
        dedup_key=f"flow:{operation.id}:{notice.what}:{notice.state}",
        ordering_key=f"flow:{operation.id}",
    )
    await record.add_hop(
        session, operation, step, me, to, f"notify {notice.state}", detail=operation.detail
    )


async def meo_event(deps: Deps, event: AppPkgNotification) -> None:
    """An AppPkgNotification from this OP's MEO: the operations of that package (found by its
    id, or by the operation tag the package carries, or recorded as a local traditional
    onboarding) move to the outcome, in one transaction."""
    if event.notificationType not in (ONBOARDED_EVENT, FAILED_EVENT):
        return
    if forwarded_elsewhere(deps, event):
        return  # the origin's own package: only the origin's operation is about it, unchanged
    async with deps.database.transaction() as session:  # a package of a known operation
        operations = list(await FlowRepository(session).by_meo_package(event.appPkgId, lock=True))
        if operations:
            await _apply_meo_event(session, deps, event, operations, None)
            return
    package = await deps.meo().package(event.appPkgId)  # asked between transactions
    async with deps.database.transaction() as session:
        repo = FlowRepository(session)
        operations = list(await repo.by_meo_package(event.appPkgId, lock=True))
        if not operations:
            operations = await _link(session, deps, package)
        await _apply_meo_event(session, deps, event, operations, package)


def forwarded_elsewhere(deps: Deps, event: AppPkgNotification) -> bool:
    """Whether the event is about a cross-network package this OP's MEO forwards to another
    network (``x-applicationType`` and ``x-targetNetworkId``, as the MEO's contract adds them
    to every notification). Only the remote outcome matters for such a package (step 8), so
    its local events change nothing here and are neither read against the database nor asked
    about at the MEO: the origin's MEO onboards it locally while it forwards it, and either
    would load the flow's path (a transaction that waits for the writer's turn beside step 3)."""
    extra = event.model_extra or {}
    target = extra.get("x-targetNetworkId")
    return (
        extra.get("x-applicationType") == "cross-network"
        and isinstance(target, str)
        and target not in deps.settings.network_ids
    )


async def _apply_meo_event(
    session: AsyncSession,
    deps: Deps,
    event: AppPkgNotification,
    operations: list[FlowOperationRow],
    package: AppPkgInfo | None,
) -> None:
    """The MEO's outcome on the operations of its package (read locked), in the caller's
    transaction."""
    detail = event.failure() or (package.failure() if package is not None else None)
    new_state = record.ONBOARDED if event.notificationType == ONBOARDED_EVENT else record.FAILED
    for operation in operations:
        if operation.role == record.ORIGIN or operation.state == new_state:
            continue  # the origin's own package: the remote outcome is what matters there
        record.set_state(operation, new_state, detail)
        await record.add_hop(
            session,
            operation,
            6 if operation.role == record.PARTNER else 3,
            deps.meo_name(),
            deps.me,
            f"notify {event.notificationType}",
            detail=detail,
        )
        await report_to_origin(session, deps, operation)


async def _link(session: AsyncSession, deps: Deps, package: AppPkgInfo) -> list[FlowOperationRow]:
    """Find the operation a package belongs to, or record a local (traditional) one."""
    repo = FlowRepository(session)
    tagged = (package.userDefinedData or {}).get(OPERATION_KEY)
    if isinstance(tagged, str) and (operation := await repo.get(tagged, lock=True)) is not None:
        operation.meo_app_pkg_id = package.id
        repo.add(operation)
        return [operation]
    if (package.applicationType or "traditional") != "traditional":
        return []
    checksum = package.checksum
    body = CreateAppPkg(
        appPkgName=package.appName or package.id,
        appPkgVersion=package.appSoftwareVersion or "",
        appProvider=package.appProvider or "",
        appPkgPath=package.content_link(),
        checksum=Checksum(
            algorithm=checksum.algorithm if checksum else "",
            hash=checksum.hash if checksum else "",
        ),
    )
    target = package.targetNetworkId or deps.settings.network_ids[0]
    opened = await record.open_operation(session, LOCAL, body, target, "traditional", deps.me)
    opened.operation.meo_app_pkg_id = package.id
    repo.add(opened.operation)
    return [opened.operation]


async def partner_onboard_status(session: AsyncSession, event: ReceivedEvent) -> None:
    """Origin side: the partner's onApplicationOnboardStatusEvent for a flow's app."""
    body = event.body
    assert isinstance(body, ApplicationOnboardStatusEvent)
    statuses = [item.onboardStatusInfo.value for item in body.statusInfo]
    if "FAILED" in statuses:
        new_state = record.FAILED
    elif all(status == "ONBOARDED" for status in statuses):
        new_state = record.ONBOARDED
    else:
        return
    repo = FlowRepository(session)
    for operation in await repo.by_remote_app(event.federation_context_id, body.appId, lock=True):
        if operation.role != record.ORIGIN or operation.state == new_state:
            continue
        me = record.operator_of(operation)
        record.set_state(operation, new_state, body.detail)
        operation.result = {
            **operation.result,
            "remoteStatus": {
                "statusInfo": [item.model_dump(mode="json") for item in body.statusInfo],
                "at": _now(),
            },
        }
        await record.add_hop(
            session,
            operation,
            7,
            operation.partner_id or event.partner_id,
            me,
            f"notify {new_state} (onApplicationOnboardStatusEvent)",
            detail=body.detail,
        )
        await report_to_meo(session, operation)


def _now() -> str:
    return datetime.now(UTC).isoformat()
