"""EWBI extension: the onboarding variant between OPs (step 4 of the federated flow)."""

from __future__ import annotations

from aiohttp import web

from op_platform.api.body import json_response, parse_body, parse_params
from op_platform.api.flow.hooks import request_deps
from op_platform.api.sbi_cr.handlers import VariantPath
from op_platform.errors import NotImplementedYet
from op_platform.keys import SETTINGS
from op_platform.models.ewbi import paths
from op_platform.models.ewbi.variant import VariantOnboardingRequest
from op_platform.security.principal import principal
from op_platform.services.flow import partner


async def onboard_variant(request: web.Request) -> web.Response:
    if not request.config_dict[SETTINGS].flow.offer_variant:
        raise NotImplementedYet("this OP does not offer the op_target_systems onboarding variant")
    where = parse_params(
        {k: v for k, v in request.match_info.items() if k != "federationContextId"},
        VariantPath,
        "path",
    )
    body = await parse_body(request, VariantOnboardingRequest)
    reply = await partner.receive(
        request_deps(request),
        principal(request).client_id,
        request.match_info["federationContextId"],
        where.targetNetworkId,
        where.applicationType.value,
        body,
    )
    return json_response(reply.body, status=reply.status, headers=reply.headers)


def add_routes(app: web.Application) -> None:
    app.router.add_post(
        paths.ONBOARD_APP_PACKAGE_VARIANT, onboard_variant, name="OnboardAppPackageVariant"
    )
