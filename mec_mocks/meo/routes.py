"""The MEO route table: one row per operation in openapi/meo.yaml."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiohttp import web

from mec_mocks.meo import handlers as h
from mec_mocks.meo import paths as p

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

ROUTES: list[tuple[str, str, Handler]] = [
    ("POST", p.PACKAGES, h.create_package),
    ("GET", p.PACKAGES, h.list_packages),
    ("GET", p.PACKAGE, h.get_package),
    ("PATCH", p.PACKAGE, h.patch_package),
    ("DELETE", p.PACKAGE, h.delete_package),
    ("GET", p.PACKAGE_APPD, h.get_appd),
    ("GET", p.PACKAGE_CONTENT, h.get_content),
    ("PUT", p.PACKAGE_CONTENT, h.put_content),
    ("GET", p.ONBOARDED, h.get_package),
    ("GET", p.ONBOARDED_APPD, h.get_appd),
    ("GET", p.ONBOARDED_CONTENT, h.get_content),
    ("PUT", p.ONBOARDED_CONTENT, h.put_content),
    ("POST", p.VARIANT, h.create_package_variant),
    ("POST", p.SUBSCRIPTIONS, h.create_subscription),
    ("GET", p.SUBSCRIPTIONS, h.list_subscriptions),
    ("GET", p.SUBSCRIPTION, h.get_subscription),
    ("DELETE", p.SUBSCRIPTION, h.delete_subscription),
    ("POST", p.USER_NOTIFICATION, h.user_defined_notification),
    ("GET", p.HEALTH, h.health),
]


def add_routes(app: web.Application) -> None:
    for method, path, handler in ROUTES:
        app.router.add_route(method, path, handler)
