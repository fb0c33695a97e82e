"""Admin endpoints for federations this OP creates with its partners (originating side).

POST   /admin/federations                {"partnerId": "op-b", "subscribeZones": true}
GET    /admin/federations[?partnerId=]
GET    /admin/federations/{ref}          ref: record id, partner federationContextId or partner id
DELETE /admin/federations/{ref}
POST   /admin/federations/{ref}/zones    subscribe to every zone the partner offers
"""

from __future__ import annotations

from aiohttp import web
from pydantic import BaseModel, ConfigDict, Field

from op_platform.api.body import json_response, parse_body
from op_platform.keys import DATABASE, HTTP, SETTINGS, TOKENS
from op_platform.services.ewbi import partners


class CreateRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    partner_id: str = Field(alias="partnerId", min_length=1)
    subscribe_zones: bool = Field(default=False, alias="subscribeZones")


def deps(request: web.Request) -> partners.Deps:
    app = request.config_dict
    return partners.Deps(app[DATABASE], app[SETTINGS], app[HTTP], app[TOKENS])


async def create(request: web.Request) -> web.Response:
    body = await parse_body(request, CreateRequest)
    row = await partners.create_federation(deps(request), body.partner_id)
    if body.subscribe_zones:
        row = await partners.subscribe_all(deps(request), row.id)
    return json_response(row.model_dump(mode="json"), 201)


async def list_all(request: web.Request) -> web.Response:
    async with request.config_dict[DATABASE].transaction() as session:
        rows = await partners.list_federations(session, request.query.get("partnerId"))
    return json_response([row.model_dump(mode="json") for row in rows])


async def show(request: web.Request) -> web.Response:
    async with request.config_dict[DATABASE].transaction() as session:
        data = await partners.show(session, request.match_info["ref"])
    return json_response(data)


async def delete(request: web.Request) -> web.Response:
    await partners.delete_federation(deps(request), request.match_info["ref"])
    return web.Response(status=204)


async def subscribe(request: web.Request) -> web.Response:
    row = await partners.subscribe_all(deps(request), request.match_info["ref"])
    return json_response(row.model_dump(mode="json"))


def setup(admin: web.Application) -> None:
    router = admin.router
    router.add_post("/federations", create, name="admin.createFederation")
    router.add_get("/federations", list_all, name="admin.listFederations")
    router.add_get("/federations/{ref}", show, name="admin.getFederation")
    router.add_delete("/federations/{ref}", delete, name="admin.deleteFederation")
    router.add_post("/federations/{ref}/zones", subscribe, name="admin.subscribeFederationZones")
