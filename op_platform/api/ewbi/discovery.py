"""EWBI edge discovery handler: GetCandidateZones."""

from __future__ import annotations

from aiohttp import web

from op_platform.api.body import json_response, parse_body
from op_platform.api.ewbi.federation import owned
from op_platform.keys import DATABASE, SETTINGS
from op_platform.models.ewbi import paths
from op_platform.models.ewbi.discovery import CandidateZonesRequest
from op_platform.services.ewbi import discovery as service


async def get_candidate_zones(request: web.Request) -> web.Response:
    body = await parse_body(request, CandidateZonesRequest)
    settings = request.config_dict[SETTINGS]
    async with request.config_dict[DATABASE].transaction() as session:
        federation = await owned(request, session)
        answer = await service.candidate_zones(
            session, federation, body, settings.operator_id, settings.cells
        )
    return json_response(answer)


def add_routes(app: web.Application) -> None:
    app.router.add_post(paths.GET_CANDIDATE_ZONES, get_candidate_zones, name="GetCandidateZones")
