"""The NEF route table: one row per operation in openapi/nef.yaml."""

from __future__ import annotations

from aiohttp import web

from mec_mocks.common.http import Handler
from mec_mocks.nef import admin as a
from mec_mocks.nef import handlers as h
from mec_mocks.nef import paths as p

QOS_FILTERS = ("ueIpv4Addr", "ueIpv6Addr", "macAddr")
MONITORING_FILTERS = ("ipv4Addr", "ipv6Addr", "ueMacAddr")

ROUTES: list[tuple[str, str, Handler]] = [
    ("GET", p.TRAFFIC_INFLUENCE_SUBS, h.listing("traffic")),
    ("POST", p.TRAFFIC_INFLUENCE_SUBS, h.creating("traffic")),
    ("GET", p.TRAFFIC_INFLUENCE_SUB, h.reading("traffic")),
    ("PUT", p.TRAFFIC_INFLUENCE_SUB, h.replacing("traffic")),
    ("PATCH", p.TRAFFIC_INFLUENCE_SUB, h.patching("traffic")),
    ("DELETE", p.TRAFFIC_INFLUENCE_SUB, h.deleting("traffic")),
    ("GET", p.AS_SESSION_SUBS, h.listing("qos", QOS_FILTERS)),
    ("POST", p.AS_SESSION_SUBS, h.creating("qos")),
    ("GET", p.AS_SESSION_SUB, h.reading("qos")),
    ("PUT", p.AS_SESSION_SUB, h.replacing("qos")),
    ("PATCH", p.AS_SESSION_SUB, h.patching("qos")),
    ("DELETE", p.AS_SESSION_SUB, h.deleting("qos")),
    ("GET", p.EAS_DEPLOYMENTS, h.listing("eas")),
    ("POST", p.EAS_DEPLOYMENTS, h.creating("eas")),
    ("GET", p.EAS_DEPLOYMENT, h.reading("eas")),
    ("PUT", p.EAS_DEPLOYMENT, h.replacing("eas")),
    ("DELETE", p.EAS_DEPLOYMENT, h.deleting("eas")),
    ("POST", p.EAS_REMOVE, h.remove_edis),
    ("GET", p.MONITORING_SUBS, h.listing("monitoring", MONITORING_FILTERS)),
    ("POST", p.MONITORING_SUBS, h.create_monitoring),
    ("GET", p.MONITORING_SUB, h.reading("monitoring")),
    ("PUT", p.MONITORING_SUB, h.replacing("monitoring")),
    ("DELETE", p.MONITORING_SUB, h.deleting("monitoring")),
    ("GET", p.ADMIN_STATUS, a.status),
    ("POST", p.ADMIN_DOWN, a.down),
    ("POST", p.ADMIN_UP, a.up),
    ("GET", p.ADMIN_SITES, a.sites),
    ("GET", p.ADMIN_CELLS, a.cells),
    ("GET", p.ADMIN_UES, a.ues),
    ("GET", p.ADMIN_UE, a.ue),
    ("POST", p.ADMIN_UE_MOVE, a.move_ue),
    ("GET", p.ADMIN_SUBSCRIPTIONS, a.subscriptions),
    ("POST", p.ADMIN_QOS_DROP, a.drop_qos),
    ("POST", p.ADMIN_QOS_RESTORE, a.restore_qos),
    ("POST", p.ADMIN_QOS_RELEASE, a.release_qos),
    ("GET", p.ADMIN_NOTIFICATIONS, a.notifications),
    ("GET", p.HEALTH, h.health),
]


def add_routes(app: web.Application, token: Handler) -> None:
    app.router.add_route("POST", p.TOKEN, token)
    for method, path, handler in ROUTES:
        app.router.add_route(method, path, handler)
