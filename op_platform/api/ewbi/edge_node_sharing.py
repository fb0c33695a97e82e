"""EWBI EdgeNodeSharing handler: GetCandidateZones."""

from __future__ import annotations

from aiohttp import web

from op_platform.api.body import json_response, parse_body
from op_platform.api.context import platform
from op_platform.api.ewbi.access import owned_context
from op_platform.models.ewbi.discovery import CandidateZonesRequest
from op_platform.services.discovery import candidate_zones as service


async def get_candidate_zones(request: web.Request) -> web.Response:
    body = await parse_body(request, CandidateZonesRequest)
    settings = platform(request).settings
    db, federation = await owned_context(request)
    answer = await service.candidate_zones(
        db, federation, body, settings.operator_id, settings.cells
    )
    return json_response(answer)
