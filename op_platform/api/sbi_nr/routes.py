"""Route table of the SBI-NR interface (receivers of the NEF's notifications)."""

from __future__ import annotations

from aiohttp import web

from op_platform import roots
from op_platform.api.routing import Route, add_routes
from op_platform.api.sbi_nr import handlers


def _below(path: str) -> str:
    return path.removeprefix(roots.SBI_NR)


ROUTES: tuple[Route, ...] = (
    Route("POST", "/notifications/qos", handlers.qos_status_changed, "receiveQosStatusChanged"),
    Route(
        "POST",
        "/notifications/traffic-influence",
        handlers.traffic_influence_changed,
        "receiveTrafficInfluenceChanged",
    ),
    Route("POST", _below(roots.NEF_UP_PATH_CHANGE), handlers.up_path_change, "receiveUpPathChange"),
    Route("POST", _below(roots.NEF_QOS_EVENTS), handlers.qos_events, "receiveQosEvents"),
    Route(
        "POST",
        _below(roots.NEF_LOCATION_REPORTS),
        handlers.location_report,
        "receiveLocationReport",
    ),
)


def setup(app: web.Application) -> None:
    """Add this interface's routes; operations of its spec not routed here answer 501. The
    NEF's 3GPP receivers authenticate by the token of their URL (services/network/receipts),
    the CAMARA-shaped ones by a bearer token with scope ``sbi-nr`` (handlers)."""
    add_routes(app, ROUTES)
