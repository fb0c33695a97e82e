"""SBI-CR client toward the operator's MEC orchestrator (ETSI MEC 010-2 app_pkgm, Mm1), typed.

``base_url`` is the MEO's ``.../app_pkgm/v1`` root (settings ``meo_url``). Paths come from the
helpers below (the onboarding variant's from ``models.ewbi.paths``, the same below every hop's
root); answers are read into ``models.meo`` (errors name the field).
"""

from __future__ import annotations

from urllib.parse import quote

import httpx

from op_platform.clients.call import call
from op_platform.clients.ewbi.answers import parsed
from op_platform.models.ewbi.paths import variant_packages
from op_platform.models.meo import (
    AppPkgInfo,
    SubscriptionInfo,
    SubscriptionLinks,
    SubscriptionRequest,
)

SUBSCRIPTION_TYPES = ("AppPackageOnBoarding",)
SUBSCRIPTIONS = "/subscriptions"
USER_NOTIFICATION = "/user_defined_notification"


def package_path(app_pkg_id: str) -> str:
    return "/app_packages/" + quote(app_pkg_id, safe="")


class MeoClient:
    def __init__(self, http: httpx.AsyncClient, base_url: str, *, timeout: float = 10.0) -> None:
        self.http = http
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout

    def url(self, path: str) -> str:
        return self.base_url + path

    def notification_url(self) -> str:
        """Where the MEO takes outcomes it did not ask for (MEC 010-2
        ``user_defined_notification``): the only place the OP reports a flow's outcome."""
        return self.url(USER_NOTIFICATION)

    def onboard_url(self, target: str, app_type: str) -> str:
        """Where a package is posted with the onboarding variant (also for queued posts)."""
        return self.url(variant_packages(target, app_type))

    async def onboard(self, target: str, app_type: str, body: dict[str, object]) -> AppPkgInfo:
        """Ask the MEO to onboard a package (its own network as target: onboarded locally)."""
        response = await call(
            self.http, "POST", self.onboard_url(target, app_type), json=body, timeout=self.timeout
        )
        return read_package(response)

    async def package(self, app_pkg_id: str) -> AppPkgInfo:
        response = await call(
            self.http, "GET", self.url(package_path(app_pkg_id)), timeout=self.timeout
        )
        return read_package(response)

    async def package_content(self, app_pkg_id: str) -> httpx.Response:
        """The package's content as the MEO serves it (``.../package_content``)."""
        path = package_path(app_pkg_id) + "/package_content"
        return await call(self.http, "GET", self.url(path), timeout=self.timeout)

    async def ensure_subscription(self, callback_uri: str) -> list[str]:
        """Subscribe ``callback_uri`` to every package event type it is not subscribed to yet."""
        response = await call(self.http, "GET", self.url(SUBSCRIPTIONS), timeout=self.timeout)
        present = set()
        for href in parsed(SubscriptionLinks)(response).hrefs():
            detail = await call(self.http, "GET", href, timeout=self.timeout)
            info = parsed(SubscriptionInfo)(detail)
            if info.callbackUri == callback_uri:
                present.add(info.subscriptionType)
        made = []
        for kind in SUBSCRIPTION_TYPES:
            if kind in present:
                continue
            body = SubscriptionRequest(subscriptionType=kind, callbackUri=callback_uri)
            await call(
                self.http,
                "POST",
                self.url(SUBSCRIPTIONS),
                json=body.model_dump(mode="json", by_alias=True),
                timeout=self.timeout,
            )
            made.append(kind)
        return made


def read_package(response: httpx.Response) -> AppPkgInfo:
    """The MEO's ``AppPkgInfo`` answer (502 naming the fields when it is not one)."""
    return parsed(AppPkgInfo)(response)
