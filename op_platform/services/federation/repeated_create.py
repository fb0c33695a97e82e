"""CreateFederation repeated by the same client: the answer to the first call may have been
lost in transit, so the origin sends the very same request again. When the stored context was
made from an identical request (same client, origOPFederationId, codes, notification link and
callback credentials: the freshly generated callback secret makes each attempt of the origin
unique), the answer is the existing context again; a different request with the same
origOPFederationId stays a 409."""

from __future__ import annotations

from typing import Any

from op_platform.db.tables import FederationRow
from op_platform.models.ewbi.common import ZoneDetails
from op_platform.models.ewbi.federation import FederationRequestData, FederationResponseData
from op_platform.security.sealing import unseal
from op_platform.settings import Settings


def _dump(value: Any) -> Any:
    return value.model_dump(mode="json", exclude_none=True) if value is not None else None


def same_request(row: FederationRow, body: FederationRequestData, settings: Settings) -> bool:
    """Whether ``row`` was created from a request identical to ``body``."""
    credentials = body.partnerCallbackCredentials
    stored_secret = (
        unseal(row.callback_client_secret, settings) if row.callback_client_secret else None
    )
    return (
        row.orig_op_country_code == body.origOPCountryCode
        and row.mobile_network_codes == _dump(body.origOPMobileNetworkCodes)
        and (row.fixed_network_codes or None) == (list(body.origOPFixedNetworkCodes or []) or None)
        and row.notification_link == body.notification_link
        and row.callback_token_url == (credentials.tokenUrl if credentials else None)
        and row.callback_client_id == (credentials.clientId if credentials else None)
        and stored_secret == (credentials.clientSecret if credentials else None)
    )


def federation_response(
    settings: Settings, row: FederationRow, zones: list[ZoneDetails], point: Any, codes: Any
) -> FederationResponseData:
    """The CreateFederation answer for ``row`` (the first answer and any repeated one)."""
    return FederationResponseData(
        partnerOPFederationId=settings.operator_id,
        partnerOPCountryCode=settings.country_code,
        federationContextId=row.federation_context_id,
        edgeDiscoveryServiceEndPoint=point,
        lcmServiceEndPoint=point,
        partnerOPMobileNetworkCodes=codes,
        partnerOPFixedNetworkCodes=list(settings.fixed_network_ids) or None,
        offeredAvailabilityZones=zones,
        platformCaps=None,
    )
