"""The partner side of the flow (OP2): a package arrives over the EWBI variant (step 4), goes to
this OP's MEO (steps 5-6) and the reply goes back (step 7). The outcome at the MEO reaches the
originating OP later as ``onApplicationOnboardStatusEvent`` (see ``notifications``).

When the MEO does not answer in time the request is queued in the outbox and the caller gets
202 with the operation; the queued call's result is applied by ``meo_result``.
"""

from __future__ import annotations

from typing import Any

import httpx
from sqlmodel.ext.asyncio.session import AsyncSession

from op_platform.clients.call import PeerError
from op_platform.clients.meo_client import read_package
from op_platform.db.tables.columns import utcnow
from op_platform.db.tables.flow_rows import FlowOperationRow
from op_platform.errors import Unavailable, Unprocessable, UpstreamError
from op_platform.models.ewbi.variant import VariantOnboardingRequest
from op_platform.models.meo import AppPkgInfo
from op_platform.outbox import OutboxMessage, enqueue
from op_platform.services.deps import Deps
from op_platform.services.federation.ownership import owned_federation
from op_platform.services.flow import records as record
from op_platform.services.flow.notifications import report_to_origin
from op_platform.services.flow.reply import FlowReply, accepted, created, upstream
from op_platform.services.identifiers import ewbi_app_id
from op_platform.services.url_acceptance import accept_url

MEO_RESULT = "flow.partner_meo_result"
OPERATION_KEY = "x-opOperationId"


def meo_body(operation: FlowOperationRow) -> dict[str, Any]:
    """The package as sent to the MEO, tagged with the operation so its events find it."""
    body = dict(operation.request_body)
    body["userDefinedData"] = {**(body.get("userDefinedData") or {}), OPERATION_KEY: operation.id}
    return body


async def receive(
    deps: Deps,
    client_id: str,
    federation_context_id: str,
    target: str,
    app_type: str,
    request: VariantOnboardingRequest,
) -> FlowReply:
    if target not in deps.settings.network_ids:
        raise Unprocessable(
            f"target network {target!r} is not a network of operator {deps.me} "
            f"(its networks: {', '.join(deps.settings.network_ids)})",
            cause="TARGET_NOT_LOCAL",
        )
    accept_url(deps.settings, request.appStatusCallbackLink, "appStatusCallbackLink")
    accept_url(deps.settings, request.appPkgPath, "appPkgPath")
    package = request.package()
    async with deps.database.transaction() as session:
        federation = await owned_federation(session, federation_context_id, client_id)
        opened = await record.open_operation(
            session, record.PARTNER, package, target, app_type, deps.me
        )
        operation = opened.operation
        if opened.created:
            operation.federation_context_id = federation.federation_context_id
            operation.partner_id = federation.orig_op_federation_id
            operation.status_link = request.appStatusCallbackLink
            operation.remote_operation_id = request.originOperationId
            operation.remote_app_id = ewbi_app_id(
                package.appPkgName, package.appPkgVersion, package.appProvider
            )
            operation.mode = "variant"
        elif request.appStatusCallbackLink:
            operation.status_link = request.appStatusCallbackLink
        peer = operation.partner_id or client_id
        await record.add_hop(
            session,
            operation,
            4,
            peer,
            deps.me,
            "onboard request (EWBI variant)",
            detail=None if opened.created else "repeated request",
        )
        if operation.state == record.FAILED:  # a retry: the remote leg runs again
            operation.request_body = package.model_dump(mode="json", exclude_none=True)
            operation.meo_app_pkg_id = None
            record.reopen(operation)
        elif not opened.created and operation.state != record.RECEIVED:
            return await _reply(session, deps, operation, peer)
        operation_id = operation.id
        body = meo_body(operation)
    return await _forward_to_meo(deps, operation_id, target, app_type, body)


async def _forward_to_meo(
    deps: Deps, operation_id: str, target: str, app_type: str, body: dict[str, Any]
) -> FlowReply:
    """Steps 5 and 6: ``body`` (from :func:`meo_body`, read in the transaction that recorded
    step 4) goes to this OP's MEO; its reply is recorded and answered in one transaction."""
    meo = deps.meo()
    started = utcnow()
    try:
        result = await meo.onboard(target, app_type, body)
    except Unavailable as exc:
        async with deps.database.transaction() as session:
            operation = await record.locked(session, operation_id)
            await enqueue(
                session,
                kind="flow.meo.onboard",
                method="POST",
                url=meo.onboard_url(target, app_type),
                body=body,
                dedup_key=f"flow:{operation.id}:meo",
                on_result=MEO_RESULT,
                ordering_key=f"flow:{operation.id}",
            )
            record.set_state(operation, record.FORWARDING, f"MEO unreachable, queued: {exc}")
            await _to_meo(session, deps, operation, "onboard request (queued)", started, exc.detail)
            reply = accepted(operation)
            await record.add_hop(
                session,
                operation,
                7,
                deps.me,
                operation.partner_id or "partner",
                "reply 202 accepted",
                status_code=202,
            )
            return reply
    except PeerError as exc:
        async with deps.database.transaction() as session:
            operation = await record.locked(session, operation_id)
            await _meo_refused(session, deps, operation, exc, started)
        raise UpstreamError(
            f"the MEO of {deps.me} refused the package: {exc.detail}",
            cause="MEO_REFUSED",
            extra={"upstream": upstream(deps.meo_name(), exc)},
        ) from exc
    async with deps.database.transaction() as session:
        operation = await record.locked(session, operation_id)
        await apply_meo_package(session, deps, operation, result, started)
        return await _reply(session, deps, operation, operation.partner_id or "partner")


async def apply_meo_package(
    session: Any,
    deps: Deps,
    operation: FlowOperationRow,
    result: AppPkgInfo,
    started: Any = None,
) -> None:
    """Steps 5 and 6: the MEO took the package; remember its id and state."""
    operation.meo_app_pkg_id = result.id or None
    state = result.onboardingState
    failure = result.failure()
    await _to_meo(
        session, deps, operation, "onboard request (MEC 010-2 variant)", started, None, 201
    )
    await record.add_hop(
        session,
        operation,
        6,
        deps.meo_name(),
        deps.me,
        f"reply {state}",
        status_code=201,
    )
    operation.result = {
        **operation.result,
        "meo": {"appPkgId": operation.meo_app_pkg_id, "onboardingState": state},
    }
    if failure:
        record.set_state(operation, record.FAILED, failure)
    elif state == "ONBOARDED":
        record.set_state(operation, record.ONBOARDED)
    elif operation.state not in record.FINAL:
        record.set_state(operation, record.PENDING)


async def _to_meo(
    session: Any,
    deps: Deps,
    operation: FlowOperationRow,
    action: str,
    started: Any,
    detail: str | None,
    status_code: int | None = None,
) -> None:
    """Record step 5, this OP's request to its MEO."""
    await record.add_hop(
        session,
        operation,
        5,
        deps.me,
        deps.meo_name(),
        action,
        status_code=status_code,
        started_at=started,
        detail=detail,
    )


async def _meo_refused(
    session: Any, deps: Deps, operation: FlowOperationRow, exc: PeerError, started: Any
) -> None:
    status = exc.peer_status
    record.set_state(operation, record.FAILED, f"MEO refused: {exc.detail}")
    await _to_meo(session, deps, operation, "onboard request", started, exc.detail, status)


async def _reply(session: Any, deps: Deps, operation: FlowOperationRow, peer: str) -> FlowReply:
    if operation.state == record.FORWARDING:
        reply = accepted(operation)
    elif operation.state == record.FAILED and not operation.meo_app_pkg_id:
        raise UpstreamError(
            f"onboarding at operator {deps.me} failed: {operation.detail}", cause="MEO_FAILED"
        )
    else:
        reply = created(operation, deps.me)
        reply.body["hops"] = (await record.view(session, operation.id))["hops"]
    await record.add_hop(
        session,
        operation,
        7,
        deps.me,
        peer,
        f"reply {reply.status} {operation.state}",
        status_code=reply.status,
    )
    return reply


async def meo_result(
    session: AsyncSession, deps: Deps, message: OutboxMessage, outcome: object
) -> None:
    """The queued MEO call finished (delivered or dead): apply it to the operation, in the
    transaction that records the message's outcome."""
    operation = await record.locked_for(session, message)
    if isinstance(outcome, httpx.Response) and outcome.is_success:
        await apply_meo_package(session, deps, operation, read_package(outcome))
    else:
        status = outcome.status_code if isinstance(outcome, httpx.Response) else None
        detail = f"MEO answered {status}" if status else f"MEO unreachable: {outcome}"
        record.set_state(operation, record.FAILED, detail)
        await record.add_hop(
            session,
            operation,
            6,
            deps.meo_name(),
            deps.me,
            "reply (failed)",
            status_code=status,
            detail=detail,
        )
    await report_to_origin(session, deps, operation)
