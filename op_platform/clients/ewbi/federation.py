"""Federation management and zone synchronisation calls to a partner OP."""

from __future__ import annotations

import logging

import httpx

from op_platform.clients.ewbi.base import EwbiClient, wire
from op_platform.models.ewbi import paths
from op_platform.models.ewbi.federation import (
    FederationInfo,
    FederationRequestData,
    FederationResponseData,
    UpdateFederationRequest,
)
from op_platform.models.ewbi.zones import (
    ZoneRegisteredData,
    ZoneRegistrationRequestData,
    ZoneRegistrationResponseData,
)

log = logging.getLogger(__name__)

VARIANT_MARKER = "/op_target_systems/"


async def create_federation(
    client: EwbiClient, body: FederationRequestData
) -> FederationResponseData:
    response = await client.request("POST", paths.partner(), json=wire(body))
    return client.parse(response, FederationResponseData)


async def get_federation(client: EwbiClient, federation_context_id: str) -> FederationInfo:
    response = await client.request("GET", paths.federation(federation_context_id))
    return client.parse(response, FederationInfo)


async def update_federation(
    client: EwbiClient, federation_context_id: str, body: UpdateFederationRequest
) -> FederationInfo:
    response = await client.request(
        "PATCH", paths.federation(federation_context_id), json=wire(body)
    )
    return client.parse(response, FederationInfo)


async def delete_federation(client: EwbiClient, federation_context_id: str) -> None:
    await client.request("DELETE", paths.federation(federation_context_id))


async def subscribe_zones(
    client: EwbiClient, federation_context_id: str, body: ZoneRegistrationRequestData
) -> ZoneRegistrationResponseData:
    response = await client.request("POST", paths.zones(federation_context_id), json=wire(body))
    return client.parse(response, ZoneRegistrationResponseData)


async def unsubscribe_zone(client: EwbiClient, federation_context_id: str, zone_id: str) -> None:
    await client.request("DELETE", paths.zone(federation_context_id, zone_id))


async def get_zone(
    client: EwbiClient, federation_context_id: str, zone_id: str
) -> ZoneRegisteredData:
    response = await client.request("GET", paths.zone(federation_context_id, zone_id))
    return client.parse(response, ZoneRegisteredData)


async def offers_variant(client: EwbiClient) -> bool:
    """Whether the partner's published EWBI contract has the op_target_systems onboarding variant.

    Reads ``{origin}/openapi/ewbi.yaml`` (no credentials); any failure means "no": the standard
    operations are then used toward that partner.
    """
    try:
        response = await client.http.get(client.origin + "/openapi/ewbi.yaml")
    except httpx.HTTPError:
        return False
    found = response.status_code == 200 and VARIANT_MARKER in response.text
    log.info("partner variant probe", extra={"partner": client.partner.id, "variant": found})
    return found
