"""Partners and the state of the federations with them, in both roles: the federation this OP
created at the partner (originating) and the ones the partner created here (serving)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from op_platform.db.tables.federation_rows import (
    FederationRow,
    PartnerFederationRow,
    ZoneSubscriptionRow,
)
from op_platform.outbox.views import iso_time
from op_platform.settings import Settings


def _originating(row: PartnerFederationRow) -> dict[str, Any]:
    return {
        "federationContextId": row.federation_context_id,
        "status": row.status,
        "variant": row.supports_variant,
        "countryCode": row.partner_country_code,
        "zonesOffered": len(row.offered_zones),
        "zonesSubscribed": len(row.subscribed_zones),
        "updatedAt": iso_time(row.updated_at),
    }


def _serving(row: FederationRow, subscribed: int) -> dict[str, Any]:
    return {
        "federationContextId": row.federation_context_id,
        "status": row.status,
        "countryCode": row.orig_op_country_code,
        "since": iso_time(row.initial_date),
        "zonesSubscribed": subscribed,
    }


def partner_views(
    settings: Settings,
    originating: Sequence[PartnerFederationRow],
    serving: Sequence[FederationRow],
    subscriptions: Sequence[ZoneSubscriptionRow],
) -> list[dict[str, Any]]:
    """One entry per partner (configured, or known from a federation), with both roles."""
    configured = {partner.id: partner for partner in settings.partners}
    names = [*configured]
    names += [row.partner_id for row in originating if row.partner_id not in names]
    names += sorted({row.client_id for row in serving} - set(names))
    per_context: dict[str, int] = {}
    for subscription in subscriptions:
        context = subscription.federation_context_id
        per_context[context] = per_context.get(context, 0) + 1
    views = []
    for name in names:
        partner = configured.get(name)
        views.append(
            {
                "partnerId": name,
                "configured": partner is not None,
                "networkIds": list(partner.network_ids) if partner is not None else [],
                "originating": [_originating(r) for r in originating if r.partner_id == name],
                "serving": [
                    _serving(r, per_context.get(r.federation_context_id, 0))
                    for r in serving
                    if r.client_id == name
                ],
            }
        )
    return views
