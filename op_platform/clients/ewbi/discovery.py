"""Edge node sharing calls to a partner OP (GetCandidateZones)."""

from __future__ import annotations

from op_platform.clients.ewbi.base import EwbiClient, wire
from op_platform.models.ewbi import paths
from op_platform.models.ewbi.discovery import CandidateZonesRequest, DiscoveredEdgeNodes


async def get_candidate_zones(
    client: EwbiClient, federation_context_id: str, body: CandidateZonesRequest
) -> DiscoveredEdgeNodes:
    """The partner's zones for a client of an application, best first."""
    response = await client.request(
        "POST", paths.edge_discovery(federation_context_id), json=wire(body)
    )
    return client.parse(response, DiscoveredEdgeNodes)
