"""Whether a partner offers the op_target_systems onboarding variant, from its published
contract (``{origin}/openapi/ewbi.yaml``, read without credentials)."""

from __future__ import annotations

import logging

import httpx

from op_platform.clients.ewbi.ewbi_client import EwbiClient
from op_platform.models.ewbi.paths import VARIANT_PACKAGES

log = logging.getLogger(__name__)

VARIANT_MARKER = VARIANT_PACKAGES.split("{", 1)[0]  # "/op_target_systems/"


async def offers_variant(client: EwbiClient) -> bool:
    """Any failure means "no": the standard operations are then used toward that partner."""
    try:
        response = await client.http.get(client.origin + "/openapi/ewbi.yaml")
    except httpx.HTTPError:
        return False
    found = response.status_code == 200 and VARIANT_MARKER in response.text
    log.info("partner variant probe", extra={"partner": client.partner.id, "variant": found})
    return found
