"""The originating side of the flow (OP1): its MEO forwards a cross-network package (step 3),
this OP finds the federation serving the target network and sends it on (step 4), the partner's
reply comes back (step 7) and goes to the MEO as this hop's answer (step 8).

Toward a partner offering the variant the same package goes to
``/{federationContextId}/op_target_systems/{target}/apptype/{type}/app_packages``; toward a
standard OPG.04 partner it is mapped onto UploadFile + UploadArtefact + OnboardApplication. When
the partner does not answer in time the calls are queued in the outbox and the MEO gets 202;
the outcome flows back as notifications either way.
"""

from __future__ import annotations

from typing import Any

import httpx
from sqlmodel.ext.asyncio.session import AsyncSession

from op_platform.clients.call import PeerError
from op_platform.clients.ewbi import calls
from op_platform.clients.ewbi.calls import EwbiCall
from op_platform.db.tables import PartnerFederationRow
from op_platform.db.tables.columns import utcnow
from op_platform.db.tables.flow_rows import FlowOperationRow
from op_platform.errors import NotFound, Unavailable, Unprocessable, UpstreamError
from op_platform.models.ewbi import paths
from op_platform.models.ewbi.variant import CreateAppPkg, VariantOnboardingRequest
from op_platform.outbox import OutboxMessage
from op_platform.services.deps import Deps
from op_platform.services.federation.network_lookup import find_federation
from op_platform.services.federation.partner_outbox import queue_call
from op_platform.services.flow import records as record
from op_platform.services.flow import standard_mapping as standard
from op_platform.services.flow.notifications import report_to_meo
from op_platform.services.flow.package_source import package_token, package_url
from op_platform.services.flow.reply import (
    FlowReply,
    accepted,
    created,
    reported_hops,
    upstream,
)
from op_platform.services.identifiers import ewbi_app_id
from op_platform.services.url_acceptance import accept_url

FORWARD_RESULT = "flow.origin_forward_result"
QUEUED_KIND = "flow.ewbi."
STATUS_CALLBACK = paths.CALLBACKS_ROOT + paths.ON_APPLICATION_ONBOARD_STATUS_EVENT


async def receive(
    deps: Deps,
    target: str,
    app_type: str,
    package: CreateAppPkg,
    *,
    meo_app_pkg_id: str | None = None,
) -> FlowReply:
    """Step 3 arrives from this OP's MEO; its outcome goes back to the MEO's configured
    notification endpoint only (never to a URL the request names)."""
    if app_type != "cross-network":
        raise Unprocessable(
            "a traditional package stays in its own network: the MEO onboards it and does not "
            "forward it to the OP",
            cause="NOT_CROSS_NETWORK",
        )
    accept_url(deps.settings, package.appPkgPath, "appPkgPath")  # never file:// or internal
    if target in deps.settings.network_ids:
        raise Unprocessable(
            f"target network {target!r} is this OP's own network ({deps.me}); "
            "its MEO onboards the package locally",
            cause="TARGET_IS_LOCAL",
        )
    async with deps.database.transaction() as session:
        # Read before the operation is opened, so that a new operation is written once, with
        # everything set below, when the transaction commits.
        federation = await find_federation(session, deps.settings, target)
        opened = await record.open_operation(
            session, record.ORIGIN, package, target, app_type, deps.me
        )
        operation = opened.operation
        operation.meo_app_pkg_id = meo_app_pkg_id or operation.meo_app_pkg_id
        operation.status_link = deps.meo_notification_url()
        operation.remote_app_id = ewbi_app_id(
            package.appPkgName, package.appPkgVersion, package.appProvider
        )
        await record.add_hop(
            session,
            operation,
            3,
            deps.meo_name(),
            deps.me,
            "onboard request (SBI-CR variant)",
            detail=None if opened.created else "repeated request",
        )
        if not opened.created and operation.state in {
            record.PENDING,
            record.ONBOARDED,
            record.FORWARDING,
        }:
            return await _answer_meo(session, deps, operation)
        if not opened.created:  # a retry after a failure: send the request as it came now
            operation.request_body = package.model_dump(mode="json", exclude_none=True)
            operation.result = {"operator": deps.me}
        if federation is None:
            detail = (
                f"no federation serves target network {target!r}: operator {deps.me} is not "
                "federated with an operator of that network"
            )
            record.set_state(operation, record.FAILED, detail)
            await record.add_hop(
                session,
                operation,
                4,
                deps.me,
                deps.me,
                "resolve target",
                status_code=404,
                detail=detail,
            )
            failure: Exception | None = NotFound(detail, cause="NO_FEDERATION")
        else:
            failure = None
            operation.partner_id = federation.partner_id
            operation.federation_context_id = federation.federation_context_id
            operation.mode = "variant" if federation.supports_variant else "standard"
            record.reopen(operation)
            sequence = _calls(deps, operation, federation)
        operation_id = operation.id
        partner_id = operation.partner_id or ""
    if failure is not None:
        raise failure
    return await _send(deps, operation_id, partner_id, sequence)


def _status_link(deps: Deps) -> str:
    return deps.settings.partner_url + STATUS_CALLBACK


def _calls(
    deps: Deps, operation: FlowOperationRow, federation: PartnerFederationRow
) -> list[EwbiCall[Any]]:
    """What step 4 sends: the variant's one call, or the standard mapping's calls. Built in the
    transaction that recorded step 3 (the operation's row is still locked there)."""
    if operation.mode == "variant":
        body = VariantOnboardingRequest.model_validate(
            {
                **operation.request_body,
                "appStatusCallbackLink": _status_link(deps),
                "originOperationId": operation.id,
            }
        )
        call = calls.onboard_app_package_variant(
            operation.federation_context_id or "",
            operation.target_network_id,
            operation.app_type,
            body,
        )
        return [call]
    return list(
        standard.requests(
            operation,
            _status_link(deps),
            list(federation.offered_zones or []),
            federation.partner_country_code or deps.settings.country_code,
            image_url=package_url(deps.settings.partner_url, operation.id),
            token=package_token(operation),
        )
    )


async def _send(
    deps: Deps,
    operation_id: str,
    partner_id: str,
    sequence: list[EwbiCall[Any]],
) -> FlowReply:
    """Send the calls in order; queue the rest in the outbox if the partner is unreachable."""
    client = deps.partner_client(partner_id, timeout=deps.settings.flow.sync_timeout)
    for index, call in enumerate(sequence):
        name = call.operation
        started = utcnow()
        last = index == len(sequence) - 1
        try:
            response = await client.respond(call)
        except Unavailable as exc:
            return await _queue(deps, operation_id, partner_id, sequence[index:], exc, started)
        except PeerError as exc:
            if exc.peer_status == 409 and not last:
                continue  # already uploaded by an earlier try of this flow
            await _refused(deps, operation_id, partner_id, name, exc, started)
            raise UpstreamError(
                f"partner {partner_id} refused {name}: {exc.detail}",
                cause="PARTNER_REFUSED",
                extra={"upstream": upstream(partner_id, exc)},
            ) from exc
        async with deps.database.transaction() as session:
            operation = await record.locked(session, operation_id)
            await record.add_hop(
                session,
                operation,
                4,
                deps.me,
                partner_id,
                f"{name}",
                status_code=response.status_code,
                started_at=started,
            )
            if last:  # the partner's reply (step 7) and the MEO's answer, in the same commit
                status, body = response.status_code, _json(response)
                await apply_partner_reply(session, deps, operation, status, body)
                return await _answer_meo(session, deps, operation)
    raise AssertionError("a flow sends at least one call")


def _json(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


async def apply_partner_reply(
    session: AsyncSession,
    deps: Deps,
    operation: FlowOperationRow,
    status: int,
    body: dict[str, Any],
) -> None:
    """Step 7: the partner accepted; its outcome so far becomes the operation's."""
    remote_state = str(body.get("state") or body.get("onboardingState") or "PENDING")
    operation.remote_operation_id = body.get("operationId") or operation.remote_operation_id
    operation.result = {
        **operation.result,
        "remote": {
            "mode": operation.mode,
            "status": status,
            "appId": operation.remote_app_id,
            "appPkgId": body.get("appPkgId"),
            "onboardingState": body.get("onboardingState") or remote_state,
            "operationId": body.get("operationId"),
            "hops": reported_hops(body),
        },
    }
    await record.add_hop(
        session,
        operation,
        7,
        operation.partner_id or "partner",
        deps.me,
        f"reply {status} {remote_state}",
        status_code=status,
    )
    if remote_state == record.ONBOARDED:
        record.set_state(operation, record.ONBOARDED)
        await report_to_meo(session, operation)
    elif remote_state == record.FAILED:
        record.set_state(operation, record.FAILED, str(body.get("detail") or "failed at partner"))
        await report_to_meo(session, operation)
    elif operation.state not in record.FINAL:
        record.set_state(operation, record.PENDING)


async def _answer_meo(session: AsyncSession, deps: Deps, operation: FlowOperationRow) -> FlowReply:
    reply = (
        accepted(operation) if operation.state == record.FORWARDING else created(operation, deps.me)
    )
    await record.add_hop(
        session,
        operation,
        8,
        deps.me,
        deps.meo_name(),
        f"reply {reply.status} {operation.state}",
        status_code=reply.status,
    )
    return reply


async def _queue(
    deps: Deps,
    operation_id: str,
    partner_id: str,
    sequence: list[EwbiCall[Any]],
    exc: Unavailable,
    started: Any,
) -> FlowReply:
    async with deps.database.transaction() as session:
        operation = await record.locked(session, operation_id)
        for call in sequence:
            await queue_call(
                session,
                deps.settings,
                partner_id,
                call,
                kind=QUEUED_KIND,
                dedup_key=f"flow:{operation.id}:{call.operation}",
                ordering_key=f"flow:{operation.id}",
                on_result=FORWARD_RESULT if call is sequence[-1] else None,
            )
        record.set_state(operation, record.FORWARDING, f"partner unreachable, queued: {exc}")
        await record.add_hop(
            session,
            operation,
            4,
            deps.me,
            partner_id,
            f"{sequence[0].operation} (queued)",
            started_at=started,
            detail=exc.detail,
        )
        return await _answer_meo(session, deps, operation)


async def _refused(
    deps: Deps, operation_id: str, partner_id: str, name: str, exc: PeerError, started: Any
) -> None:
    async with deps.database.transaction() as session:
        operation = await record.locked(session, operation_id)
        status = exc.peer_status
        detail = f"partner {partner_id} refused {name}: {exc.detail}"
        record.set_state(operation, record.FAILED, detail)
        await record.add_hop(
            session,
            operation,
            4,
            deps.me,
            partner_id,
            name,
            status_code=int(status) if isinstance(status, int) else None,
            started_at=started,
            detail=exc.detail,
        )
        await report_to_meo(session, operation)


async def forward_result(
    session: AsyncSession, deps: Deps, message: OutboxMessage, outcome: object
) -> None:
    """The queued forward (or the last standard call) was delivered or died: apply it, in the
    transaction that records the message's outcome."""
    operation = await record.locked_for(session, message)
    if isinstance(outcome, httpx.Response) and outcome.is_success:
        await record.add_hop(
            session,
            operation,
            4,
            deps.me,
            operation.partner_id or "partner",
            f"{message.kind.removeprefix(QUEUED_KIND)} (delivered from queue)",
            status_code=outcome.status_code,
        )
        await apply_partner_reply(session, deps, operation, outcome.status_code, _json(outcome))
        if operation.state == record.PENDING:
            await record.add_hop(
                session, operation, 8, deps.me, deps.meo_name(), "notify PENDING at partner"
            )
        return
    status = outcome.status_code if isinstance(outcome, httpx.Response) else None
    detail = (
        f"partner {operation.partner_id} answered {status}"
        if status
        else f"partner {operation.partner_id} unreachable: {outcome}"
    )
    record.set_state(operation, record.FAILED, detail)
    await record.add_hop(
        session,
        operation,
        4,
        deps.me,
        operation.partner_id or "partner",
        "forward (gave up)",
        status_code=status,
        detail=detail,
    )
    await report_to_meo(session, operation)
