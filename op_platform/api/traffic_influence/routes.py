"""Route table of CAMARA Traffic Influence; each operation asks for its CAMARA scope."""

from __future__ import annotations

from op_platform.api.bearer_auth import scoped_setup
from op_platform.api.routing import Route
from op_platform.api.traffic_influence import handlers as h

PREFIX = "traffic-influence:"
SCOPES = {
    "getTrafficInfluence": PREFIX + "traffic-influences:read",
    "postTrafficInfluence": PREFIX + "traffic-influences:write",
    "postTrafficInfluenceDevice": PREFIX + "traffic-influence-devices:write",
    "getAllTrafficInfluences": PREFIX + "traffic-influences:read",
    "patchTrafficInfluence": PREFIX + "traffic-influences:update",
    "deleteTrafficInfluence": PREFIX + "traffic-influences:delete",
}

ROUTES = (
    Route("GET", "/traffic-influences", h.list_traffic_influences, "getTrafficInfluence"),
    Route("POST", "/traffic-influences", h.post_traffic_influence, "postTrafficInfluence"),
    Route(
        "POST",
        "/traffic-influence-devices",
        h.post_traffic_influence_device,
        "postTrafficInfluenceDevice",
    ),
    Route(
        "GET",
        "/traffic-influences/{trafficInfluenceID}",
        h.get_traffic_influence,
        "getAllTrafficInfluences",
    ),
    Route(
        "PATCH",
        "/traffic-influences/{trafficInfluenceID}",
        h.patch_traffic_influence,
        "patchTrafficInfluence",
    ),
    Route(
        "DELETE",
        "/traffic-influences/{trafficInfluenceID}",
        h.delete_traffic_influence,
        "deleteTrafficInfluence",
    ),
)

setup = scoped_setup(SCOPES, ROUTES)
