"""Admin: onboarding flow operations with their hops."""

from __future__ import annotations

from aiohttp import web
from pydantic import BaseModel, Field

from op_platform.api.body import json_response, parse_params
from op_platform.keys import DATABASE
from op_platform.services.flow import record


class ListQuery(BaseModel):
    correlator: str | None = Field(default=None, max_length=256)
    limit: int = Field(default=100, ge=1, le=1000)


async def list_operations(request: web.Request) -> web.Response:
    query = parse_params(request.query, ListQuery)
    async with request.config_dict[DATABASE].transaction() as session:
        views = await record.list_views(session, correlator=query.correlator, limit=query.limit)
    return json_response(views)


async def get_operation(request: web.Request) -> web.Response:
    async with request.config_dict[DATABASE].transaction() as session:
        view = await record.view(session, request.match_info["operationId"])
    return json_response(view)


def setup(app: web.Application) -> None:
    app.router.add_get("/operations", list_operations, name="listOperations")
    app.router.add_get("/operations/{operationId}", get_operation, name="getOperation")
