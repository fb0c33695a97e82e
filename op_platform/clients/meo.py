"""SBI-CR client toward the operator's MEC orchestrator (ETSI MEC 010-2 app_pkgm, Mm1).

``base_url`` is the MEO's ``.../app_pkgm/v1`` root (settings ``meo_url``).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import httpx

from op_platform.clients.call import call
from op_platform.models.ewbi.paths import variant_packages

SUBSCRIPTION_TYPES = ("AppPackageOnBoarding",)


class MeoClient:
    def __init__(self, http: httpx.AsyncClient, base_url: str, *, timeout: float = 10.0) -> None:
        self.http = http
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout

    def url(self, path: str) -> str:
        return self.base_url + path

    async def onboard(self, target: str, app_type: str, body: dict[str, Any]) -> dict[str, Any]:
        """Ask the MEO to onboard a package (its own network as target: onboarded locally)."""
        response = await call(
            self.http,
            "POST",
            self.url(variant_packages(target, app_type)),
            json=body,
            timeout=self.timeout,
        )
        result: dict[str, Any] = response.json()
        return result

    async def package(self, app_pkg_id: str) -> dict[str, Any]:
        response = await call(
            self.http,
            "GET",
            self.url(f"/app_packages/{quote(app_pkg_id, safe='')}"),
            timeout=self.timeout,
        )
        result: dict[str, Any] = response.json()
        return result

    async def ensure_subscription(self, callback_uri: str) -> list[str]:
        """Subscribe ``callback_uri`` to every package event type it is not subscribed to yet."""
        response = await call(self.http, "GET", self.url("/subscriptions"), timeout=self.timeout)
        links = response.json().get("_links", {}).get("subscriptions", []) or []
        present = set()
        for link in links:
            detail = await call(self.http, "GET", link["href"], timeout=self.timeout)
            info = detail.json()
            if info.get("callbackUri") == callback_uri:
                present.add(info.get("subscriptionType"))
        made = []
        for kind in SUBSCRIPTION_TYPES:
            if kind in present:
                continue
            await call(
                self.http,
                "POST",
                self.url("/subscriptions"),
                json={"subscriptionType": kind, "callbackUri": callback_uri},
                timeout=self.timeout,
            )
            made.append(kind)
        return made
