"""EWBI federation management handlers: parse, call the service, render.

Also registers the outbox auth resolver for callbacks to a federation's partner
(``{"kind": "federation-callback", "federation_context_id": ...}``): it reads the
partnerCallbackCredentials stored with the federation and returns a token provider for them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aiohttp import web
from sqlmodel.ext.asyncio.session import AsyncSession

from op_platform.api.body import json_response, parse_body
from op_platform.clients.tokens import TokenProvider
from op_platform.db.federation import FederationRepository
from op_platform.db.tables import FederationRow
from op_platform.keys import DATABASE, SETTINGS, TOKENS
from op_platform.models.ewbi import paths
from op_platform.models.ewbi.federation import FederationRequestData, UpdateFederationRequest
from op_platform.outbox import register_auth_resolver
from op_platform.security.principal import principal
from op_platform.services.ewbi import federation as service
from op_platform.services.ewbi.context import owned_federation
from op_platform.services.ewbi.secrets import unseal


async def owned(request: web.Request, session: AsyncSession) -> FederationRow:
    """The federation of the path, if the caller owns it (404 otherwise)."""
    return await owned_federation(
        session, request.match_info["federationContextId"], principal(request).client_id
    )


async def create_federation(request: web.Request) -> web.Response:
    body = await parse_body(request, FederationRequestData)
    settings = request.config_dict[SETTINGS]
    async with request.config_dict[DATABASE].transaction() as session:
        row, answer = await service.create_federation(
            session, settings, principal(request).client_id, body
        )
    headers = {"Location": service.location(settings, row.federation_context_id)}
    return json_response(answer, 200, headers=headers)


async def get_federation(request: web.Request) -> web.Response:
    async with request.config_dict[DATABASE].transaction() as session:
        row = await owned(request, session)
        answer = await service.get_federation(session, request.config_dict[SETTINGS], row)
    return json_response(answer)


async def update_federation(request: web.Request) -> web.Response:
    body = await parse_body(request, UpdateFederationRequest)
    async with request.config_dict[DATABASE].transaction() as session:
        row = await owned(request, session)
        answer = await service.update_federation(session, request.config_dict[SETTINGS], row, body)
    return json_response(answer)


async def delete_federation(request: web.Request) -> web.Response:
    async with request.config_dict[DATABASE].transaction() as session:
        row = await owned(request, session)
        await service.delete_federation(session, row)
    service.remove_stored(request.config_dict[SETTINGS], row.federation_context_id)
    return web.Response(status=200)


def add_routes(app: web.Application) -> None:
    router = app.router
    router.add_post(paths.CREATE_FEDERATION, create_federation, name="CreateFederation")
    router.add_get(paths.GET_FEDERATION_DETAILS, get_federation, name="GetFederationDetails")
    router.add_patch(paths.UPDATE_FEDERATION, update_federation, name="UpdateFederation")
    router.add_delete(
        paths.DELETE_FEDERATION_DETAILS, delete_federation, name="DeleteFederationDetails"
    )


async def callback_credentials(ref: Mapping[str, Any], app: web.Application) -> TokenProvider:
    """Outbox auth resolver: the token provider of a federation's partnerCallbackCredentials."""
    async with app[DATABASE].transaction() as session:
        row = await FederationRepository(session).get(str(ref.get("federation_context_id")))
    if row is None or not (
        row.callback_token_url and row.callback_client_id and row.callback_client_secret
    ):
        raise LookupError("the federation or its callback credentials are gone")
    passphrase = app[SETTINGS].security.key_passphrase
    secret = unseal(
        row.callback_client_secret, passphrase.get_secret_value() if passphrase else None
    )
    return app[TOKENS].get(row.callback_token_url, row.callback_client_id, secret)


register_auth_resolver(service.CALLBACK_AUTH, callback_credentials)
