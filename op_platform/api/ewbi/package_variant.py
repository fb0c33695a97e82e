"""EWBI extension: the onboarding variant between OPs (step 4 of the federated flow).

The flow's partner side owns its transactions (it calls the MEO between them), so this handler
hands it the service bundle and does not use the request's unit of work.
"""

from __future__ import annotations

from aiohttp import web

from op_platform.api.body import json_response, parse_body, parse_params
from op_platform.api.context import platform
from op_platform.api.principal import principal
from op_platform.errors import NotImplementedYet
from op_platform.models.ewbi.variant import VariantOnboardingRequest, VariantPath
from op_platform.services.flow import partner_side as partner


async def onboard_variant(request: web.Request) -> web.Response:
    running = platform(request)
    if not running.settings.flow.offer_variant:
        raise NotImplementedYet("this OP does not offer the op_target_systems onboarding variant")
    params = {k: v for k, v in request.match_info.items() if k != "federationContextId"}
    where = parse_params(params, VariantPath, "path")
    body = await parse_body(request, VariantOnboardingRequest)
    reply = await partner.receive(
        running.deps,
        principal(request).client_id,
        request.match_info["federationContextId"],
        where.targetNetworkId,
        where.applicationType.value,
        body,
    )
    return json_response(reply.body, status=reply.status, headers=reply.headers)
