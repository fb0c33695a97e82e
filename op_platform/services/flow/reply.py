"""The answers a hop gives: 201 with the outcome so far, or 202 with the operation to follow.

A partner's 201 also lists the hops it recorded (``hops``); the originating OP keeps the valid
ones (at most ``MAX_REPORTED_HOPS``) so its own view of the flow shows steps 5 and 6.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from op_platform.clients.call import PeerError
from op_platform.db.tables.flow_rows import FlowOperationRow
from op_platform.models.ewbi.variant import VariantHop

OPERATIONS_PATH = "/admin/operations/"
MAX_REPORTED_HOPS = 32


@dataclass
class FlowReply:
    status: int
    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)


def created(operation: FlowOperationRow, operator_id: str) -> FlowReply:
    meo = operation.result.get("meo", {})
    remote = operation.result.get("remote")
    body: dict[str, Any] = {
        "operationId": operation.id,
        "operatorId": operator_id,
        "targetNetworkId": operation.target_network_id,
        "applicationType": operation.app_type,
        "state": operation.state,
        "appId": operation.remote_app_id,
        "appPkgId": meo.get("appPkgId"),
        "onboardingState": meo.get("onboardingState") or operation.state,
    }
    if operation.federation_context_id:
        body["federationContextId"] = operation.federation_context_id
    if operation.partner_id:
        body["partnerId"] = operation.partner_id
    if remote is not None:
        body["remote"] = remote
    if operation.detail:
        body["detail"] = operation.detail
    return FlowReply(201, {k: v for k, v in body.items() if v is not None})


def accepted(operation: FlowOperationRow) -> FlowReply:
    href = OPERATIONS_PATH + operation.id
    body = {
        "operationId": operation.id,
        "targetNetworkId": operation.target_network_id,
        "applicationType": operation.app_type,
        "state": operation.state,
        "href": href,
        "federationContextId": operation.federation_context_id,
        "partnerId": operation.partner_id,
    }
    return FlowReply(202, {k: v for k, v in body.items() if v is not None}, {"Location": href})


def upstream(peer: str, exc: PeerError) -> dict[str, Any]:
    """A peer's refusal as carried back in problem bodies: who, its status, its problem."""
    return {"partnerId": peer, "status": exc.peer_status, "problem": exc.peer_body}


def reported_hops(body: dict[str, Any]) -> list[dict[str, Any]]:
    """The well-formed hops a partner's answer lists (others are left out)."""
    hops = body.get("hops")
    kept = []
    for hop in hops[:MAX_REPORTED_HOPS] if isinstance(hops, list) else []:
        try:
            kept.append(VariantHop.model_validate(hop).model_dump(mode="json", by_alias=True))
        except ValidationError:
            continue
    return kept
