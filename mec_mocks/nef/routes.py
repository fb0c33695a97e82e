"""The NEF route table: one row per operation in openapi/nef.yaml."""

from __future__ import annotations

from aiohttp import web

from mec_mocks.common.http import Handler
from mec_mocks.nef import admin as a
from mec_mocks.nef import handlers as h
from mec_mocks.nef import paths as p

QOS_FILTERS = ("ueIpv4Addr", "ueIpv6Addr", "macAddr")
MONITORING_FILTERS = ("ipv4Addr", "ipv6Addr", "ueMacAddr")

Row = tuple[str, str, Handler]


def resource_routes(
    api: str,
    collection: str,
    item: str,
    *,
    filters: tuple[str, str, str] | None = None,
    create: Handler | None = None,
    patch: bool = True,
) -> list[Row]:
    """The rows of one 3GPP resource: list and create on its collection; read, replace,
    merge-patch (where the API has it) and delete on one item."""
    rows: list[Row] = [
        ("GET", collection, h.listing(api, filters)),
        ("POST", collection, create or h.creating(api)),
        ("GET", item, h.reading(api)),
        ("PUT", item, h.replacing(api)),
    ]
    if patch:
        rows.append(("PATCH", item, h.patching(api)))
    return [*rows, ("DELETE", item, h.deleting(api))]


ROUTES: list[Row] = [
    *resource_routes("traffic", p.TRAFFIC_INFLUENCE_SUBS, p.TRAFFIC_INFLUENCE_SUB),
    *resource_routes("qos", p.AS_SESSION_SUBS, p.AS_SESSION_SUB, filters=QOS_FILTERS),
    *resource_routes("eas", p.EAS_DEPLOYMENTS, p.EAS_DEPLOYMENT, patch=False),
    ("POST", p.EAS_REMOVE, h.remove_edis),
    *resource_routes(
        "monitoring",
        p.MONITORING_SUBS,
        p.MONITORING_SUB,
        filters=MONITORING_FILTERS,
        create=h.create_monitoring,
        patch=False,
    ),
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
