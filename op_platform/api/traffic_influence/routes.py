"""Route table of CAMARA Traffic Influence; each operation asks for the CAMARA scope of its row."""

from __future__ import annotations

from op_platform.api.bearer_auth import scoped_setup
from op_platform.api.routing import Route
from op_platform.api.traffic_influence import handlers as h

PREFIX = "traffic-influence:"
ONE = "/traffic-influences/{trafficInfluenceID}"

ROUTES = (
    Route(
        "GET",
        "/traffic-influences",
        h.list_traffic_influences,
        "getTrafficInfluence",
        PREFIX + "traffic-influences:read",
    ),
    Route(
        "POST",
        "/traffic-influences",
        h.post_traffic_influence,
        "postTrafficInfluence",
        PREFIX + "traffic-influences:write",
    ),
    Route(
        "POST",
        "/traffic-influence-devices",
        h.post_traffic_influence_device,
        "postTrafficInfluenceDevice",
        PREFIX + "traffic-influence-devices:write",
    ),
    Route(
        "GET",
        ONE,
        h.get_traffic_influence,
        "getAllTrafficInfluences",
        PREFIX + "traffic-influences:read",
    ),
    Route(
        "PATCH",
        ONE,
        h.patch_traffic_influence,
        "patchTrafficInfluence",
        PREFIX + "traffic-influences:update",
    ),
    Route(
        "DELETE",
        ONE,
        h.delete_traffic_influence,
        "deleteTrafficInfluence",
        PREFIX + "traffic-influences:delete",
    ),
)

setup = scoped_setup(ROUTES)
